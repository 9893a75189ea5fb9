package dev.redlens.core.catalog;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Regenerates the bundled command table ({@code redis-commands.tsv}) from a live server's {@code
 * COMMAND} reply, through the same parser and category derivation that {@link
 * CommandCatalog#learn(List)} uses.
 *
 * <p>Usage: {@code CatalogGenerator <redis-uri> <output-path>}; see the package documentation for
 * the Maven command line. Point it at a Redis 7 server that you started yourself on a free port,
 * never at a shared one.
 */
public final class CatalogGenerator {

  private CatalogGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CatalogGenerator <redis-uri> <output-path>");
      System.exit(2);
    }
    RedisClient client = RedisClient.create(args[0]);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<Object> reply = connection.sync().command();
      String version = serverVersion(connection.sync().info("server"));
      List<CommandSpec> specs = tableOrder(CommandInfoParser.parse(reply));
      Path out = Paths.get(args[1]);
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        CommandTableFormat.write(w, version, specs);
      }
      long commands = specs.stream().filter(s -> !s.isSubcommand()).count();
      System.out.printf(
          "Wrote %d commands and %d subcommands of Redis %s to %s%n",
          commands, specs.size() - commands, version, out.toAbsolutePath());
    } finally {
      client.shutdown();
    }
  }

  /** Commands sorted by name, each container followed by its subcommands sorted by name. */
  static List<CommandSpec> tableOrder(List<CommandInfoParser.Parsed> parsed) {
    List<CommandInfoParser.Parsed> sorted = new ArrayList<>(parsed);
    sorted.sort(Comparator.comparing(p -> p.spec.name()));
    List<CommandSpec> out = new ArrayList<>();
    for (CommandInfoParser.Parsed p : sorted) {
      out.add(p.spec);
      List<CommandInfoParser.Parsed> subs = new ArrayList<>(p.subcommands);
      subs.sort(Comparator.comparing(s -> s.spec.name()));
      for (CommandInfoParser.Parsed s : subs) {
        out.add(s.spec);
      }
    }
    return out;
  }

  /** {@code redis_version} from an INFO reply. */
  static String serverVersion(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return "unknown";
  }
}
