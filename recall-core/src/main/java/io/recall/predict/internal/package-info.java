/**
 * Numerics behind {@code io.recall.predict}: log-gamma and digamma, the hypergeometric series the BTYD
 * models need, quadrature, and the optimiser. Not exported, not API: the core depends on nothing but
 * Jackson and SLF4J, so these are written here and tested against high-precision reference values.
 */
package io.recall.predict.internal;
