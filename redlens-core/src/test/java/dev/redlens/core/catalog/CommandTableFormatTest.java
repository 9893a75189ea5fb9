package dev.redlens.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled table's line format. */
class CommandTableFormatTest {

  @Test
  void bundledTableRoundTrips() throws Exception {
    CommandCatalog catalog = CommandCatalog.builtIn();
    List<CommandSpec> specs = new ArrayList<>(catalog.all());
    StringBuilder text = new StringBuilder();
    CommandTableFormat.write(text, "7.0.99", specs);
    CommandTableFormat.Table back =
        CommandTableFormat.read(new BufferedReader(new StringReader(text.toString())));
    assertThat(back.serverVersion).isEqualTo("7.0.99");
    assertThat(back.skippedLines).isZero();
    assertThat(back.specs).containsExactlyElementsOf(specs);
  }

  @Test
  void headerSaysWhereTheTableCameFromAndHowToRegenerateIt() {
    String header = CommandTableFormat.header("7.0.15");
    assertThat(header)
        .contains("# redis_version: 7.0.15", "CatalogGenerator", "redis-server --port");
    assertThat(header.lines()).allMatch(l -> l.startsWith("#"));
  }

  @Test
  void keySpecTextForms() {
    for (String text :
        List.of(
            "RO,ACCESS/index:1/range:0:1:0",
            "RO,ACCESS/keyword:1:STREAMS/range:-1:1:2",
            "RW,ACCESS,DELETE,INCOMPLETE/keyword:-2:KEYS/range:-1:1:0",
            "RW,ACCESS,UPDATE/index:2/keynum:0:1:1",
            "OW,UPDATE/unknown/unknown",
            "-/index:1/range:-1:2:0")) {
      assertThat(KeySpec.parse(text)).hasToString(text);
    }
    assertThatThrownBy(() -> KeySpec.parse("RO/index:1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySpec.parse("RO/index:x/range:0:1:0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySpec.parse("RO/where:1/range:0:1:0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySpec.parse("RO/index/range:0:1:0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unreadableLinesAreSkipped() throws Exception {
    String text =
        "# comment\n"
            + "GET\tread\t2\treadonly,fast\t1\t1\t1\tread,string,fast\t-\tRO,ACCESS/index:1/range:0:1:0\n"
            + "BAD\tline\n"
            + "BAD2\tnosuchcategory\t2\t-\t0\t0\t0\t-\t-\t-\n"
            + "BAD3\tread\tx\t-\t0\t0\t0\t-\t-\t-\n"
            + "\n"
            + "CFG\tadmin\t-2\t-\t0\t0\t0\tslow\t-\t-\n"
            + "CFG GET\tadmin\t-3\tadmin\t0\t0\t0\tadmin\t-\t-\n";
    CommandTableFormat.Table t =
        CommandTableFormat.read(new BufferedReader(new StringReader(text)));
    assertThat(t.skippedLines).isEqualTo(3);
    assertThat(t.serverVersion).isNull();
    assertThat(t.specs).extracting(CommandSpec::name).containsExactly("GET", "CFG", "CFG GET");
    assertThat(t.specs.get(1).hasSubcommands()).isTrue();
    assertThat(t.specs.get(0).hasSubcommands()).isFalse();
  }

  @Test
  void valuesThatWouldBreakTheFormatAreRefused() {
    CommandSpec bad = CommandSpec.builder("X").flags("a,b").build();
    assertThatThrownBy(() -> CommandTableFormat.row(bad))
        .isInstanceOf(IllegalArgumentException.class);
    CommandSpec badKeyword =
        CommandSpec.builder("Y")
            .keySpecs(KeySpec.builder().beginKeyword("A/B", 1).range(0, 1, 0).build())
            .build();
    assertThatThrownBy(() -> CommandTableFormat.row(badKeyword))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
