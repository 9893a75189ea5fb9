package dev.redlens.jedis.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;
import redis.clients.jedis.ClusterCommandArguments;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.exceptions.JedisClusterOperationException;

/**
 * The hash slot of a cluster command's keys, read the way the running Jedis's own cluster provider
 * reads it. Jedis 6 and 7 build cluster commands as {@code ClusterCommandArguments} with one
 * computed slot; Jedis 8 removed that class and computes the slots on every {@link
 * CommandArguments} ({@code getKeyHashSlots()}). One implementation per range, chosen once when
 * this class loads by whether {@code ClusterCommandArguments} exists (as OpenTelemetry's
 * instrumentation chooses per library version); nothing is looked up per command.
 */
abstract class HashSlots {

  /** The implementation for the Jedis on the class path. */
  static final HashSlots CURRENT = choose();

  /** The slot of {@code args}' keys, -1 for a command without keys. */
  abstract int of(CommandArguments args);

  private static HashSlots choose() {
    return JedisRange.has("redis.clients.jedis.ClusterCommandArguments")
        ? new Jedis7()
        : new Jedis8();
  }

  /**
   * Jedis 6 and 7: the slot that {@code ClusterCommandArguments} computed while keys were added.
   */
  private static final class Jedis7 extends HashSlots {
    @Override
    int of(CommandArguments args) {
      return args instanceof ClusterCommandArguments cluster ? cluster.getCommandHashSlot() : -1;
    }
  }

  /**
   * Jedis 8: {@code CommandArguments#getKeyHashSlots()}. Redlens compiles against Jedis 7, where
   * that method does not exist, so it is bound once to a constant method handle, which the JIT
   * inlines like a direct call.
   */
  private static final class Jedis8 extends HashSlots {
    private static final MethodHandle KEY_HASH_SLOTS = keyHashSlots();

    private static MethodHandle keyHashSlots() {
      try {
        return MethodHandles.publicLookup()
            .findVirtual(
                CommandArguments.class, "getKeyHashSlots", MethodType.methodType(Set.class));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("unsupported Jedis version: no cluster slot API", e);
      }
    }

    @Override
    int of(CommandArguments args) {
      Set<?> slots;
      try {
        slots = (Set<?>) KEY_HASH_SLOTS.invokeExact(args);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
      if (slots.size() > 1) {
        // as Jedis 8's own provider (Jedis 7 refused such a command while building it)
        throw new JedisClusterOperationException(
            "Cannot get connection for command with multiple hash slots");
      }
      return slots.isEmpty() ? -1 : (Integer) slots.iterator().next();
    }
  }
}
