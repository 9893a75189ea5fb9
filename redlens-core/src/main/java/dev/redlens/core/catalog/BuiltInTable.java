package dev.redlens.core.catalog;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * The bundled command table ({@code redis-commands.tsv} beside this class), read once per JVM on
 * first use and shared by every {@link CommandCatalog#builtIn()} catalog. If the resource is
 * missing or unreadable (a broken package), the table is empty and a warning is logged once:
 * instrumentation degrades, it does not fail.
 */
final class BuiltInTable {

  static final String RESOURCE = "redis-commands.tsv";

  private static final System.Logger LOG = System.getLogger(CommandCatalog.class.getName());

  private BuiltInTable() {}

  private static final class Holder {
    static final CommandTableFormat.Table TABLE = load();
  }

  /** The table, loaded on the first call. */
  static CommandTableFormat.Table get() {
    return Holder.TABLE;
  }

  private static CommandTableFormat.Table load() {
    try (InputStream in = BuiltInTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Redlens: the bundled Redis command table {0} is missing",
            RESOURCE);
        return empty();
      }
      CommandTableFormat.Table t =
          CommandTableFormat.read(
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
      if (t.skippedLines > 0) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Redlens: {0} unreadable lines skipped in the bundled Redis command table",
            t.skippedLines);
      }
      return t;
    } catch (Exception | LinkageError e) {
      LOG.log(
          System.Logger.Level.WARNING, "Redlens: cannot read the bundled Redis command table", e);
      return empty();
    }
  }

  private static CommandTableFormat.Table empty() {
    return new CommandTableFormat.Table(null, Collections.emptyList(), 0);
  }
}
