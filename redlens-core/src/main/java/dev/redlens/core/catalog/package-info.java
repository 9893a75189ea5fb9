/**
 * The command catalog: every Redis command with its category, key positions, read/write flags and
 * cache-read kind, derived from the server's own command table.
 *
 * <h2>Where the table comes from</h2>
 *
 * {@link dev.redlens.core.catalog.CommandCatalog#builtIn()} reads {@code redis-commands.tsv}
 * (beside these classes), generated from a Redis 7.0 server's {@code COMMAND} reply: every command
 * and subcommand with its arity, flags, legacy first/last/step, ACL categories, tips and key specs.
 * Its header names the server version and how to regenerate it; in short, start a Redis 7 server of
 * your own on a free port (never a shared one) and run the test-scope program {@code
 * CatalogGenerator}, from the repository root:
 *
 * <pre>
 * redis-server --port 7411 --save '' --daemonize yes
 * mvn -B -q -pl redlens-core test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.redlens.core.catalog.CatalogGenerator \
 *   -Dexec.args='redis://127.0.0.1:7411 redlens-core/src/main/resources/dev/redlens/core/catalog/redis-commands.tsv'
 * redis-cli -p 7411 shutdown nosave
 * </pre>
 *
 * A catalog also {@link dev.redlens.core.catalog.CommandCatalog#learn(java.util.List) learns} from
 * a live server's {@code COMMAND INFO} reply (module commands such as {@code JSON.GET}, commands
 * newer than the bundled table) and accepts specs {@link
 * dev.redlens.core.catalog.CommandCatalog#register registered} by hand.
 *
 * <h2>Categories</h2>
 *
 * {@link dev.redlens.core.catalog.CategoryDerivation} derives the category from ACL categories and
 * key-spec flags; its rules are listed there. Decisions worth knowing:
 *
 * <ul>
 *   <li>{@code EXPIRE}, {@code PEXPIRE}, {@code PERSIST} are {@code write}, not {@code delete} (the
 *       original specification listed EXPIRE under delete): they modify a key that still exists,
 *       and the server's table says so (key spec {@code RW UPDATE}, not {@code RM}).
 *   <li>{@code delete} means removing whole keys: a key spec flagged {@code RM} ({@code DEL},
 *       {@code UNLINK}), or a keyless {@code @keyspace @write @dangerous} command ({@code FLUSHDB},
 *       {@code FLUSHALL}, and by the same rule {@code SWAPDB}). {@code GETDEL} is {@code write}:
 *       Redis 7.0 flags its key {@code RW ACCESS DELETE}, not {@code RM}; {@code DELETE} marks
 *       removal of data from a value (LPOP, SREM, HDEL), which is a write.
 *   <li>A container's own entry ({@code CLIENT}, {@code CONFIG}) takes the category its subcommands
 *       share, not counting {@code HELP}, else {@code other}: {@code CONFIG} is {@code admin},
 *       {@code CLIENT} (admin and connection subcommands) is {@code other}.
 *   <li>Entries learned from a server before 7.0 have no key specs, so {@code RM} cannot be seen
 *       there; such entries never replace a command the catalog already knows.
 * </ul>
 *
 * <h2>Key positions</h2>
 *
 * {@link dev.redlens.core.catalog.CommandSpec#keyPositions} applies the server's own key-spec
 * algorithm (begin_search index/keyword, find_keys range with negative last key and limit, keynum),
 * with the server's command-specific fallback for the two commands whose specs cannot express their
 * keys ({@code SORT … STORE}, {@code MIGRATE … KEYS}), and the legacy first/last/step range for
 * specs without key specs.
 *
 * <h2>Cache reads</h2>
 *
 * Reply semantics are not in the server's table: which commands read a cached value ({@code GET},
 * {@code MGET}, {@code HGETALL}, …) is the one hand-kept table, by name, in {@code CacheReadTable}.
 */
package dev.redlens.core.catalog;
