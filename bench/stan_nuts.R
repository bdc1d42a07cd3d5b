# Stan's NUTS on the rupture BNN, for bench/nuts.ts: the model and data of
# ../shared/anchors/stan_bnn.R (train + validate, minority class upsampled, standardized), without
# its generated quantities, so that a draw costs what bnnc's does.
#
#   Rscript bench/stan_nuts.R DATA_DIR CHAINS WARMUP DRAWS SEED MAX_DEPTH ADAPT_DELTA [CACHE_DIR]
#
# Prints one line, "stan-nuts {json}": per chain, the sampling seconds as Stan measures them
# (get_elapsed_time: warmup + sampling, compilation excluded), the gradients (the sum of
# n_leapfrog__ over warmup and sampling) and the mean tree depth of the sampling iterations; and
# the CPU seconds of all chains (proc.time around sampling), steadier than wall time on a busy
# machine.
# The compiled model is cached in CACHE_DIR (default ~/.cache/bnnc-bench).
suppressMessages(library(rstan))
if (dir.exists("/usr/include/boost")) rstan_options(boost_lib = "/usr/include")
args <- commandArgs(TRUE)
d <- args[1]
chains <- as.integer(args[2]); warmup <- as.integer(args[3]); draws <- as.integer(args[4])
seed <- as.integer(args[5]); max_depth <- as.integer(args[6]); adapt_delta <- as.numeric(args[7])
cache <- if (length(args) > 7) args[8] else file.path(Sys.getenv("HOME"), ".cache", "bnnc-bench")

set.seed(2018)
tr <- rbind(as.matrix(read.table(file.path(d, "rupturemodel_train.txt"))), as.matrix(read.table(file.path(d, "rupturemodel_validate.txt"))))
maj <- tr[tr[, 9] == 0, ]; mino <- tr[tr[, 9] == 1, ]
tr <- rbind(maj, mino[sample(nrow(mino), nrow(maj), replace = TRUE), ])
mu <- colMeans(tr[, 1:8]); s <- apply(tr[, 1:8], 2, function(v) sqrt(mean((v - mean(v))^2)))
X <- sweep(sweep(tr[, 1:8], 2, mu), 2, s, "/")

code <- "
data { int N; matrix[N, 8] X; int<lower=0, upper=1> y[N]; }
parameters { matrix[8, 12] W0; vector[12] b0; vector[12] W1; real b1; }
model {
  matrix[N, 12] H = X * W0 + rep_matrix(b0', N);
  for (i in 1:N) for (j in 1:12) H[i, j] = fmax(H[i, j], 0);
  to_vector(W0) ~ normal(0, 1); b0 ~ normal(0, 1); W1 ~ normal(0, 1); b1 ~ normal(0, 1);
  y ~ bernoulli_logit(H * W1 + b1);
}
"
dir.create(cache, recursive = TRUE, showWarnings = FALSE)
file <- file.path(cache, "rupture_bnn_nuts.stan")
if (!file.exists(file) || paste(readLines(file), collapse = "\n") != trimws(code)) writeLines(trimws(code), file)
t0 <- Sys.time()
m <- stan_model(file = file, auto_write = TRUE)
compile <- as.numeric(Sys.time() - t0, units = "secs")

dat <- list(N = nrow(X), X = X, y = as.integer(tr[, 9]))
cpu0 <- proc.time()
fit <- sampling(m, data = dat, chains = chains, cores = 1, iter = warmup + draws, warmup = warmup, seed = seed, refresh = 0,
                control = list(max_treedepth = max_depth, adapt_delta = adapt_delta))
cpu <- proc.time() - cpu0
el <- get_elapsed_time(fit)
sp <- get_sampler_params(fit, inc_warmup = TRUE)
per <- lapply(seq_len(chains), function(c) {
  p <- sp[[c]]; sampling <- seq(warmup + 1, warmup + draws)
  list(seconds = sum(el[c, ]), warmup = el[c, 1], sampling = el[c, 2],
       gradients = sum(p[, "n_leapfrog__"]), depth = mean(p[sampling, "treedepth__"]),
       divergent = sum(p[sampling, "divergent__"]), stepsize = p[warmup + 1, "stepsize__"])
})
json <- function(x) paste0("{", paste(sprintf("\"%s\": %s", names(x), sapply(x, function(v) format(v, digits = 8))), collapse = ", "), "}")
cat(sprintf("stan-nuts {\"rows\": %d, \"compileSeconds\": %.1f, \"cpuSeconds\": %.3f, \"chains\": [%s]}\n", nrow(X), compile,
            cpu[["user.self"]] + cpu[["sys.self"]], paste(sapply(per, json), collapse = ", ")))
