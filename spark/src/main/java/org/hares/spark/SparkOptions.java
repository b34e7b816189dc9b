package org.hares.spark;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * {@code --master}: the Spark master both verbs run on. Without it, a master set by
 * {@code spark-submit} ({@code spark.master}) is used, else an embedded {@code local[N]} one with N = this
 * machine's cores, so the commands work with no cluster.
 */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. spark://host:7077, yarn, local[4] (default: spark-submit's, else local[<cores>]).")
    String master;

    SparkSession session(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        String chosen = master != null ? master : System.getProperty("spark.master");
        if (chosen == null) {
            chosen = "local[" + Runtime.getRuntime().availableProcessors() + "]";
        }
        builder.master(chosen);
        if (chosen.startsWith("local")) {
            // an embedded run: no web UI, loopback only (works with no network and no resolvable host name)
            builder.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder.getOrCreate();
    }
}
