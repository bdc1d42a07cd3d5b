// Energy Bayesian fraction of missing information (Betancourt 2016), per chain:
//   E-BFMI = Σ_n (E_n − E_{n−1})² / Σ_n (E_n − Ē)²
// from the Hamiltonian energies of the sampling iterations. Below 0.3 the momentum resampling
// explores the energy distribution poorly (heavy tails; reparameterize). NaN with fewer than 2
// energies or constant energies.

export function ebfmi(energies: ArrayLike<number>): number {
  const n = energies.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += energies[i];
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = energies[i] - mean;
    den += d * d;
    if (i > 0) {
      const s = energies[i] - energies[i - 1];
      num += s * s;
    }
  }
  return den > 0 ? num / den : NaN;
}

/** E-BFMI of each chain. */
export function ebfmiByChain(energies: readonly ArrayLike<number>[]): number[] {
  return energies.map(ebfmi);
}
