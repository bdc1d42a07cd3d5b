# Prints (as JSON) the scikit-learn reference numbers that test/metrics/sklearn-reference.ts holds.
# Run with Debian's python3-sklearn: /usr/bin/python3 test/metrics/sklearn-reference.py
import json

import numpy as np
from scipy.stats import entropy
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (brier_score_loss, classification_report, confusion_matrix, f1_score,
                             log_loss, r2_score, roc_auc_score, roc_curve)

rng = np.random.default_rng(20190101)
n = 40
y = rng.integers(0, 2, n)
s = np.round(np.clip(0.35 * y + rng.uniform(0, 0.65, n), 0, 1), 2)  # rounded: ties on purpose
pred = (s >= 0.5).astype(int)
fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
grid = [i / 100 for i in range(1, 100)]
f1s = [f1_score(y, (s >= t).astype(int), average='weighted') for t in grid]

yc = rng.integers(0, 3, 30)
pc = np.where(rng.uniform(size=30) < 0.6, yc, rng.integers(0, 2, 30))
pc4 = np.where(pc == 2, 3, pc)  # class 2 never predicted, class 3 never true: zero divisions

yr = np.round(rng.normal(size=12), 3)
pr = np.round(yr + rng.normal(scale=0.5, size=12), 3)
draws = np.round(rng.normal(size=(7, 3)), 3)

# Probability scores. sc: s with a sure wrong and a sure right case, so that clipping matters.
sc = s.copy()
sc[:2] = [1.0, 1.0]
yk = rng.integers(0, 3, 30)
pk = rng.dirichlet([1, 1, 1], 30)
pk[0] = [0.0, 0.5, 0.5]  # the true class of case 0 below gets probability 0
yk[0] = 0
onehot = np.eye(3)[yk]


def reliability(hit, conf):
    # calibration_curve's own binning, for the count of each bin it leaves out.
    prob_true, prob_pred = calibration_curve(hit, conf, n_bins=10)
    bins = np.linspace(0.0, 1.0, 11)
    count = np.bincount(np.searchsorted(bins[1:-1], conf), minlength=10)
    nonzero = count[count > 0]
    return dict(observed=prob_true.tolist(), confidence=prob_pred.tolist(), count=count.tolist(),
                ece=float(np.sum(nonzero / len(conf) * np.abs(prob_true - prob_pred))))

# Uncertainty: 6 posterior draws of 3-class probabilities and of P(y = 1) for 8 cases.
dk = rng.dirichlet([1, 1, 1], (6, 8))  # [draw, case, class]
db = rng.uniform(size=(6, 8))


def decompose(p):  # p: [draw, case, class]
    total = entropy(p.mean(axis=0), axis=-1)
    aleatoric = entropy(p, axis=-1).mean(axis=0)
    return dict(total=total.tolist(), aleatoric=aleatoric.tolist(), epistemic=(total - aleatoric).tolist())


# The accuracy-rejection curve of the categorical example above, ranked by entropy of pk.
uk = entropy(pk, axis=-1)
correctk = pk.argmax(axis=1) == yk
order = np.argsort(-uk, kind='stable')
rejection = [float(correctk[order[int(np.floor(k / 20 * 30)):]].mean()) for k in range(20)]

print(json.dumps(dict(
    sklearn=sklearn.__version__,
    y=y.tolist(), s=s.tolist(),
    auc=roc_auc_score(y, s),
    f1w=f1_score(y, pred, average='weighted'),
    report=classification_report(y, pred, output_dict=True, zero_division=0),
    cm=confusion_matrix(y, pred).tolist(),
    roc=dict(fpr=fpr.tolist(), tpr=tpr.tolist(), thr=thr.tolist()),
    best=dict(f1=max(f1s), tied=[t for t, f in zip(grid, f1s) if abs(f - max(f1s)) <= 1e-12]),
    yc=yc.tolist(), pc=pc.tolist(),
    repc=classification_report(yc, pc, labels=[0, 1, 2], output_dict=True, zero_division=0),
    cmc=confusion_matrix(yc, pc, labels=[0, 1, 2]).tolist(),
    pc4=pc4.tolist(),
    repc4=classification_report(yc, pc4, labels=[0, 1, 2, 3], output_dict=True, zero_division=0),
    yr=yr.tolist(), pr=pr.tolist(),
    r2=r2_score(yr, pr), rmse=float(np.sqrt(np.mean((yr - pr) ** 2))), mae=float(np.mean(np.abs(yr - pr))),
    draws=draws.tolist(),
    p025=np.percentile(draws, 2.5, axis=0).tolist(), p975=np.percentile(draws, 97.5, axis=0).tolist(),
    std=draws.std(axis=0).tolist(),
    sc=sc.tolist(),
    nll=log_loss(y, sc, eps=1e-15), brier=brier_score_loss(y, sc), rel=reliability(y, sc),
    yk=yk.tolist(), pk=pk.tolist(),
    nllk=log_loss(yk, pk, eps=1e-15, labels=[0, 1, 2]),
    brierk=float(np.mean(np.sum((pk - onehot) ** 2, axis=1))),
    relk=reliability((pk.argmax(axis=1) == yk).astype(int), pk.max(axis=1)),
    dk=dk.tolist(), db=db.tolist(),
    deck=decompose(dk), decb=decompose(np.stack([db, 1 - db], axis=-1)),
    uk=uk.tolist(), rejection=rejection,
    wrong_auc=roc_auc_score(~correctk, uk),
    wrong_mean=float(uk[~correctk].mean()), right_mean=float(uk[correctk].mean()),
)))
