/**
 * Tests against a real Spark standalone cluster on loopback, started and stopped through
 * {@code scripts/standalone-cluster.sh}: a master and two worker JVMs, executors launched by the
 * workers. Tagged {@code cluster}.
 */
package dev.lrsweep.cluster;
