/**
 * Learning-rate schedule families as immutable records with validated parameters and pure rate
 * functions, the registry that builds them by name, and the adapter through which ND4J's
 * updaters apply them.
 */
package dev.lrsweep.schedule;
