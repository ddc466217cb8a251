package dev.lrsweep.model;

import dev.lrsweep.data.ImageShape;
import java.util.Optional;

/**
 * A network as the {@link ModelRegistry} knows it by name: which inputs it accepts, and how to
 * build one with its initial weights.
 */
public interface ModelFactory {
  /** The name the configuration's {@code model} key uses, e.g. {@code minivgg}. */
  String name();

  /** One line for people: the layers and where the network comes from. */
  String description();

  /**
   * Why this network cannot take images of {@code shape} in {@code classes} classes, or empty
   * when it can; checked with the configuration, before anything trains.
   */
  Optional<String> incompatibility(ImageShape shape, int classes);

  /**
   * A new network with its initial weights drawn from a generator seeded with {@code seed}.
   *
   * @param maxBatch the largest batch any call will pass
   * @throws IllegalArgumentException when {@link #incompatibility} is not empty
   */
  Model create(ImageShape shape, int classes, int maxBatch, long seed);
}
