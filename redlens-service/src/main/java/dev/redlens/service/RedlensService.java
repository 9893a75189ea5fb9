package dev.redlens.service;

import dev.redlens.service.internal.config.ServiceConfig;
import dev.redlens.service.internal.validate.ValidateCommand;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code serve} (the default) runs the service until SIGTERM or Ctrl-C; {@code
 * validate} checks the specification's five acceptance criteria against a running service.
 */
@Command(
    name = "redlens-service",
    mixinStandardHelpOptions = true,
    version = "redlens-service 0.1.0",
    description = "OpenTelemetry observability for Redis: the demo and validation service.",
    subcommands = {RedlensService.Serve.class, ValidateCommand.class})
public final class RedlensService implements Callable<Integer> {

  @CommandLine.Mixin Serve serve = new Serve();

  public static void main(String[] args) {
    System.exit(new CommandLine(new RedlensService()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    return serve.call();
  }

  /** Runs the service until the JVM is asked to stop. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Run the service (configuration from REDIS_*, OTEL_* and REDLENS_* variables).")
  public static final class Serve implements Callable<Integer> {

    @Option(
        names = "--port",
        description = "HTTP port (default: REDLENS_PORT or 5210; 0 = any free port)")
    Integer port;

    @Option(
        names = "--host",
        description = "HTTP address to bind (default: REDLENS_HOST or 0.0.0.0)")
    String host;

    @Option(
        names = "--redis-url",
        description =
            "Redis URL (default: REDIS_URL, else redis://localhost:6379, "
                + "else an embedded redis-server)")
    String redisUrl;

    @Override
    public Integer call() throws Exception {
      ServiceConfig.Builder builder;
      try {
        builder = ServiceConfig.fromEnv(System.getenv());
        if (port != null) builder.port(port);
        if (host != null) builder.host(host);
        if (redisUrl != null) builder.redisUrl(redisUrl);
        builder.build();
      } catch (IllegalArgumentException e) {
        System.err.println("Invalid configuration: " + e.getMessage());
        return 2;
      }
      // the hook is registered first, so that a SIGTERM arriving right after start still stops
      // everything
      java.util.concurrent.atomic.AtomicReference<RedlensServer> running =
          new java.util.concurrent.atomic.AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    RedlensServer server = running.get();
                    if (server != null) {
                      server.close();
                    }
                    stopped.countDown();
                  },
                  "redlens-service-shutdown"));
      try {
        running.set(RedlensServer.start(builder.build()));
      } finally {
        started.countDown();
      }
      stopped.await();
      return 0;
    }
  }
}
