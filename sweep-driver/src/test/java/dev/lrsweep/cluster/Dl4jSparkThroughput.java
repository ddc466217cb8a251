package dev.lrsweep.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A measurement, not a test: training throughput of MiniVGG written as a DL4J {@code
 * MultiLayerNetwork} (the only form dl4j-spark can distribute), alone and under dl4j-spark's
 * {@code ParameterAveragingTrainingMaster} on {@code local[2]}, to decide whether to offer DL4J's
 * Spark training for one large trial (docs/CLUSTER.md). Random images: only speed is measured.
 *
 * <pre>
 * java [Java 17 opens] -cp [test class path] dev.lrsweep.cluster.Dl4jSparkThroughput [images]
 * </pre>
 */
public final class Dl4jSparkThroughput {
  private static final int BATCH = 32;

  private Dl4jSparkThroughput() {}

  /**
   * Runs both measurements and prints one line each.
   *
   * @param args optional number of images per timed epoch (default 640)
   */
  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 640;
    List<DataSet> batches = randomBatches(images, 1);
    List<DataSet> warmup = randomBatches(4 * BATCH, 2);

    // One MultiLayerNetwork in this JVM: what one executor would do with one trial.
    MultiLayerNetwork single = new MultiLayerNetwork(miniVgg());
    single.init();
    warmup.forEach(single::fit);
    long t0 = System.nanoTime();
    batches.forEach(single::fit);
    double singleRate = images / ((System.nanoTime() - t0) / 1e9);
    System.out.printf("MultiLayerNetwork, one JVM: %.1f images/s%n", singleRate);

    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("dl4j-spark-throughput")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      ParameterAveragingTrainingMaster master =
          new ParameterAveragingTrainingMaster.Builder(BATCH)
              .batchSizePerWorker(BATCH)
              .averagingFrequency(5)
              .workerPrefetchNumBatches(0)
              .build();
      SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, miniVgg(), master);
      spark.fit(sc.parallelize(warmup, 2));
      JavaRDD<DataSet> rdd = sc.parallelize(batches, 2).cache();
      rdd.count();
      long t1 = System.nanoTime();
      spark.fit(rdd);
      double sparkRate = images / ((System.nanoTime() - t1) / 1e9);
      System.out.printf(
          "SparkDl4jMultiLayer, ParameterAveragingTrainingMaster, local[2]: %.1f images/s%n",
          sparkRate);
    }
  }

  /** MiniVGG as DL4J layers: the network of {@code MiniVggConfig.article()}. */
  static MultiLayerConfiguration miniVgg() {
    return new NeuralNetConfiguration.Builder()
        .seed(42)
        .updater(new Nesterovs(0.01, 0.9))
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same)
        .list()
        .layer(conv(32))
        .layer(new BatchNormalization.Builder().build())
        .layer(conv(32))
        .layer(new BatchNormalization.Builder().build())
        .layer(pool())
        .layer(new DropoutLayer(0.75)) // DL4J's dropout argument is the retain probability
        .layer(conv(64))
        .layer(new BatchNormalization.Builder().build())
        .layer(conv(64))
        .layer(new BatchNormalization.Builder().build())
        .layer(pool())
        .layer(new DropoutLayer(0.75))
        .layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new DropoutLayer(0.5))
        .layer(
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(10)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.convolutional(32, 32, 3))
        .build();
  }

  private static ConvolutionLayer conv(int channels) {
    return new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.RELU).build();
  }

  private static SubsamplingLayer pool() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(2, 2)
        .stride(2, 2)
        .build();
  }

  private static List<DataSet> randomBatches(int images, long seed) {
    Random random = new Random(seed);
    List<DataSet> batches = new ArrayList<>();
    for (int start = 0; start < images; start += BATCH) {
      int n = Math.min(BATCH, images - start);
      float[][] labels = new float[n][10];
      for (float[] row : labels) {
        row[random.nextInt(10)] = 1f;
      }
      batches.add(new DataSet(Nd4j.rand(new int[] {n, 3, 32, 32}), Nd4j.create(labels)));
    }
    return batches;
  }
}
