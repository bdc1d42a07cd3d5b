# The rupture training and test rows exactly as ../shared/anchors/stan_bnn.R gives them to Stan
# (train + validate with the minority class upsampled by R's seed 2018, standardized with the
# upsampled rows' mean and population sd), for bench/nuts-stan-data.ts.
#
#   Rscript bench/stan_data.R DATA_DIR OUT_DIR     writes OUT_DIR/train.txt and OUT_DIR/test.txt
args <- commandArgs(TRUE)
d <- args[1]; out <- args[2]
set.seed(2018)
tr <- rbind(as.matrix(read.table(file.path(d, "rupturemodel_train.txt"))), as.matrix(read.table(file.path(d, "rupturemodel_validate.txt"))))
te <- as.matrix(read.table(file.path(d, "rupturemodel_test.txt")))
maj <- tr[tr[, 9] == 0, ]; mino <- tr[tr[, 9] == 1, ]
tr <- rbind(maj, mino[sample(nrow(mino), nrow(maj), replace = TRUE), ])
mu <- colMeans(tr[, 1:8]); s <- apply(tr[, 1:8], 2, function(v) sqrt(mean((v - mean(v))^2)))
X <- sweep(sweep(tr[, 1:8], 2, mu), 2, s, "/"); Xt <- sweep(sweep(te[, 1:8], 2, mu), 2, s, "/")
write.table(cbind(X, tr[, 9]), file.path(out, "train.txt"), row.names = FALSE, col.names = FALSE)
write.table(cbind(Xt, te[, 9]), file.path(out, "test.txt"), row.names = FALSE, col.names = FALSE)
