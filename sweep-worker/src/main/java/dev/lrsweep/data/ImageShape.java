package dev.lrsweep.data;

import java.io.Serializable;

/**
 * The shape of one image of a dataset: channels, height and width. Batches hand images to a
 * model channel-major (CHW per image, so NCHW for a batch), values in [0, 1].
 *
 * @param channels colour channels (3 for CIFAR-10, 1 for MNIST)
 * @param height rows of pixels
 * @param width columns of pixels
 */
public record ImageShape(int channels, int height, int width) implements Serializable {
  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape must have positive channels, height and width, found " + channels + "x" + height + "x" + width);
    }
  }

  /** Values (bytes) per image: channels x height x width. */
  public int size() {
    return Math.multiplyExact(channels, Math.multiplyExact(height, width));
  }

  /** {@code 3x32x32} (channels x height x width), as error messages and reports write it. */
  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
