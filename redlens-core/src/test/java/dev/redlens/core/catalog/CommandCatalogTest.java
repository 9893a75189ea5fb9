package dev.redlens.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Lookup, registration and the bundled table. */
class CommandCatalogTest {

  @Test
  void bundledTableHoldsEveryCommandOfRedis70() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    assertThat(CommandCatalog.builtInServerVersion()).startsWith("7.0.");
    assertThat(catalog.commandCount()).isEqualTo(240);
    assertThat(catalog.size()).isEqualTo(240 + 126);
    assertThat(catalog.all()).hasSize(catalog.size());
    assertThat(catalog.subcommands("CLIENT"))
        .extracting(CommandSpec::name)
        .contains("CLIENT LIST", "CLIENT KILL");
    assertThat(catalog.subcommands("GET")).isEmpty();
    assertThat(catalog.subcommands("NOPE")).isEmpty();
  }

  @Test
  void specFields() {
    CommandSpec get = CommandCatalog.builtIn().find("GET");
    assertThat(get.name()).isEqualTo("GET");
    assertThat(get.arity()).isEqualTo(2);
    assertThat(get.flags()).containsExactly("readonly", "fast");
    assertThat(get.aclCategories()).containsExactly("read", "string", "fast");
    assertThat(get.isReadOnly()).isTrue();
    assertThat(get.isWrite()).isFalse();
    assertThat(get.isSubcommand()).isFalse();
    assertThat(get.hasSubcommands()).isFalse();
    assertThat(get.cacheRead()).isEqualTo(CacheRead.SINGLE);
    assertThat(get.keySpecs()).singleElement().hasToString("RO,ACCESS/index:1/range:0:1:0");

    CommandSpec set = CommandCatalog.builtIn().find("set");
    assertThat(set.isWrite()).isTrue();
    assertThat(set.isReadOnly()).isFalse();
    assertThat(set.cacheRead()).isEqualTo(CacheRead.NONE);

    CommandSpec clientList = CommandCatalog.builtIn().find("client|list");
    assertThat(clientList.isSubcommand()).isTrue();
    assertThat(clientList.containerName()).isEqualTo("CLIENT");
    assertThat(clientList.subcommandName()).isEqualTo("LIST");
    assertThat(clientList.tips()).contains("nondeterministic_output");
    assertThat(CommandCatalog.builtIn().find("CLIENT").hasSubcommands()).isTrue();
  }

  @Test
  void cacheReadKinds() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    for (String name :
        List.of("GET", "GETEX", "GETDEL", "HGET", "LINDEX", "ZSCORE", "ZRANK", "ZREVRANK")) {
      assertThat(catalog.find(name).cacheRead()).as(name).isEqualTo(CacheRead.SINGLE);
    }
    for (String name : List.of("MGET", "HMGET", "ZMSCORE")) {
      assertThat(catalog.find(name).cacheRead()).as(name).isEqualTo(CacheRead.PER_ELEMENT);
    }
    assertThat(catalog.find("HGETALL").cacheRead()).isEqualTo(CacheRead.COLLECTION);
    for (String name : List.of("GETSET", "HSTRLEN", "SET", "SMEMBERS", "LPOP")) {
      assertThat(catalog.find(name).cacheRead()).as(name).isEqualTo(CacheRead.NONE);
    }
    // by name: commands the bundled table lacks get theirs once registered
    assertThat(CommandSpec.builder("hgetex").build().cacheRead()).isEqualTo(CacheRead.PER_ELEMENT);
    assertThat(CommandSpec.builder("HGETDEL").build().cacheRead()).isEqualTo(CacheRead.PER_ELEMENT);
    assertThat(CommandSpec.builder("JSON.GET").build().cacheRead()).isEqualTo(CacheRead.SINGLE);
    assertThat(CommandSpec.builder("JSON.MGET").build().cacheRead())
        .isEqualTo(CacheRead.PER_ELEMENT);
    assertThat(CommandSpec.builder("X").cacheRead(CacheRead.COLLECTION).build().cacheRead())
        .isEqualTo(CacheRead.COLLECTION);
  }

  @Test
  void resolveIsCaseInsensitiveAndPicksSubcommands() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    assertThat(catalog.resolve("GET", CommandArguments.of("k")).name()).isEqualTo("GET");
    assertThat(catalog.resolve("get", CommandArguments.of("k")).name()).isEqualTo("GET");
    assertThat(catalog.resolve("CLIENT", CommandArguments.of("LIST")).name())
        .isEqualTo("CLIENT LIST");
    assertThat(catalog.resolve("client", CommandArguments.of("setname", "x")).name())
        .isEqualTo("CLIENT SETNAME");
    assertThat(catalog.resolve("CONFIG", CommandArguments.of("GET", "maxmemory")).name())
        .isEqualTo("CONFIG GET");
    assertThat(catalog.resolve("OBJECT", CommandArguments.of("encoding", "k")).name())
        .isEqualTo("OBJECT ENCODING");
    // a container without a (known) subcommand: its own entry
    assertThat(catalog.resolve("CLIENT", CommandArguments.EMPTY).name()).isEqualTo("CLIENT");
    assertThat(catalog.resolve("CLIENT", CommandArguments.of("NOSUCH")).name()).isEqualTo("CLIENT");
    assertThat(catalog.resolve("CLIENT", null).name()).isEqualTo("CLIENT");
    // a plain command ignores its first argument
    assertThat(catalog.resolve("SET", CommandArguments.of("LIST", "v")).name()).isEqualTo("SET");
    // unknown
    assertThat(catalog.resolve("NOSUCH", CommandArguments.EMPTY)).isNull();
    assertThat(catalog.resolve("JSON.GET", CommandArguments.of("k"))).isNull();
    assertThat(catalog.resolve(null, CommandArguments.EMPTY)).isNull();
  }

  @Test
  void resolveSurvivesBrokenArguments() {
    CommandArguments broken =
        new CommandArguments() {
          @Override
          public int size() {
            return 1;
          }

          @Override
          public String get(int index) {
            throw new IllegalStateException();
          }
        };
    assertThat(CommandCatalog.builtIn().resolve("CLIENT", broken).name()).isEqualTo("CLIENT");
  }

  @Test
  void resolveOfUpperCaseNamesAllocatesNothing() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    CommandArguments get = CommandArguments.of("k");
    CommandArguments list = CommandArguments.of("LIST");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int found = 0;
    for (int i = 0; i < 20_000; i++) {
      found += catalog.resolve("GET", get) != null ? 1 : 0;
      found += catalog.resolve("CLIENT", list) != null ? 1 : 0;
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 10_000; i++) {
      found += catalog.resolve("GET", get) != null ? 1 : 0;
      found += catalog.resolve("CLIENT", list) != null ? 1 : 0;
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(found).isEqualTo(60_000);
    assertThat(allocated).isLessThan(1_000);
  }

  @Test
  void find() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    assertThat(catalog.find("GET").name()).isEqualTo("GET");
    assertThat(catalog.find("client list").name()).isEqualTo("CLIENT LIST");
    assertThat(catalog.find("CLIENT LIST").name()).isEqualTo("CLIENT LIST");
    assertThat(catalog.find("  client   list ").name()).isEqualTo("CLIENT LIST");
    assertThat(catalog.find("CLIENT")).isNotNull();
    assertThat(catalog.find("CLIENT NOSUCH")).isNull();
    assertThat(catalog.find("GET LIST")).isNull();
    assertThat(catalog.find("NOSUCH")).isNull();
    assertThat(catalog.find("A B C")).isNull();
    assertThat(catalog.find("")).isNull();
    assertThat(catalog.find(null)).isNull();
  }

  @Test
  void builtInCatalogsAreIndependent() {
    CommandCatalog a = CommandCatalog.builtIn();
    CommandCatalog b = CommandCatalog.builtIn();
    assertThat(a.find("GET")).isSameAs(b.find("GET")); // shared immutable specs
    a.register(CommandSpec.builder("JSON.GET").arity(-2).aclCategories("read").build());
    assertThat(a.find("JSON.GET")).isNotNull();
    assertThat(b.find("JSON.GET")).isNull();
    assertThat(CommandCatalog.builtIn().find("JSON.GET")).isNull();
    assertThat(a.size()).isEqualTo(b.size() + 1);
  }

  @Test
  void registerModuleCommandsAndSubcommands() {
    CommandCatalog catalog = CommandCatalog.builtIn();
    CommandSpec jsonGet =
        CommandSpec.builder("json.get")
            .arity(-2)
            .flags("readonly")
            .aclCategories("@read", "@json")
            .keySpecs(KeySpec.builder().flags("RO", "ACCESS").beginIndex(1).range(0, 1, 0).build())
            .build();
    catalog.register(jsonGet);
    CommandSpec resolved = catalog.resolve("JSON.GET", CommandArguments.of("doc", "$.a"));
    assertThat(resolved).isSameAs(jsonGet);
    assertThat(resolved.category()).isEqualTo(CommandCategory.READ);
    assertThat(resolved.cacheRead()).isEqualTo(CacheRead.SINGLE);
    assertThat(resolved.keyPositions(CommandArguments.of("doc", "$.a"))).containsExactly(0);

    // a new subcommand of a known container keeps the other subcommands
    catalog.register(CommandSpec.builder("CLIENT NEWTHING").aclCategories("connection").build());
    assertThat(catalog.resolve("CLIENT", CommandArguments.of("newthing")).name())
        .isEqualTo("CLIENT NEWTHING");
    assertThat(catalog.resolve("CLIENT", CommandArguments.of("list")).name())
        .isEqualTo("CLIENT LIST");

    // a subcommand of an unknown container brings a plain container
    catalog.register(CommandSpec.builder("FT.CONFIG GET").aclCategories("admin").build());
    assertThat(catalog.find("FT.CONFIG").hasSubcommands()).isTrue();
    assertThat(catalog.find("FT.CONFIG").category()).isEqualTo(CommandCategory.OTHER);
    assertThat(catalog.resolve("ft.config", CommandArguments.of("get", "x")).category())
        .isEqualTo(CommandCategory.ADMIN);

    // a container registered again keeps its subcommands
    catalog.register(
        CommandSpec.builder("CLIENT").container(true).category(CommandCategory.CONNECTION).build());
    assertThat(catalog.find("CLIENT").category()).isEqualTo(CommandCategory.CONNECTION);
    assertThat(catalog.find("CLIENT LIST")).isNotNull();

    assertThatThrownBy(() -> catalog.register(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> CommandSpec.builder("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CommandSpec.builder("A B C"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CommandSpec.builder("A B").container(true).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySpec.builder().beginIndex(1).range(0, 0, 0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readersNeverSeeAHalfWrittenCatalog() throws Exception {
    CommandCatalog catalog = CommandCatalog.builtIn();
    int writers = 4;
    int perWriter = 200;
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perWriter; i++) {
                    catalog.register(CommandSpec.builder("MOD" + id + ".CMD" + i).build());
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }
    Thread reader =
        new Thread(
            () -> {
              try {
                start.await();
                for (int i = 0; i < 50_000; i++) {
                  if (catalog.resolve("GET", CommandArguments.of("k")) == null) {
                    throw new AssertionError("GET vanished");
                  }
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            });
    threads.add(reader);
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(failure.get()).isNull();
    assertThat(catalog.commandCount()).isEqualTo(240 + writers * perWriter);
  }
}
