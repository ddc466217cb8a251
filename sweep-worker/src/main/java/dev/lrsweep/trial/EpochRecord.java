package dev.lrsweep.trial;

import java.io.Serializable;

/**
 * One epoch of a trial's history.
 *
 * @param epoch 0-based epoch index
 * @param learningRate the rate the updater applied at the first iteration of this epoch
 * @param trainLoss mean cross-entropy over the epoch's training batches (dropout on)
 * @param trainAccuracy fraction of training images classified right during the epoch
 * @param testLoss mean cross-entropy on the test set after the epoch (inference mode)
 * @param testAccuracy test accuracy after the epoch
 * @param seconds wall time of the epoch, training and evaluation
 */
public record EpochRecord(
    int epoch,
    double learningRate,
    double trainLoss,
    double trainAccuracy,
    double testLoss,
    double testAccuracy,
    double seconds)
    implements Serializable {}
