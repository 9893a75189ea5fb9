package dev.redlens.service.internal.redis;

import dev.redlens.core.pool.PoolRegistration;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.api.StatefulConnection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * The pool's connections: made through Lettuce, timed ({@code db.client.connection.create_time}),
 * and remembered, so that a Sentinel failover can take every one of them out of the pool ({@link
 * #invalidateAll}), and given back to the pool unless a failover took them out ({@link #giveBack}).
 *
 * <p>Timing happens here because Lettuce's {@code ConnectionPoolSupport} builds its own pool
 * factory, so {@code PoolTelemetry.instrument(factory)} cannot wrap it; the connection supplier is
 * the one place that sees a creation. Failures are not counted here: they reach the borrowing code,
 * whose {@code registration.borrow} classifies them.
 */
final class PoolConnections implements Supplier<StatefulConnection<String, String>> {

  private final Supplier<StatefulConnection<String, String>> connect;
  private final Set<StatefulConnection<String, String>> made = ConcurrentHashMap.newKeySet();

  /**
   * The connections {@link #invalidateAll} took out of the pool, until a request gives one back;
   * held weakly, as the idle ones never come back.
   */
  private final Set<StatefulConnection<String, String>> takenOut =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private volatile GenericObjectPool<StatefulConnection<String, String>> pool;
  private volatile PoolRegistration registration;
  private volatile long invalidations;

  PoolConnections(Supplier<StatefulConnection<String, String>> connect) {
    this.connect = connect;
  }

  /** The pool these connections are made for (it is built from this supplier, hence later). */
  void attach(
      GenericObjectPool<StatefulConnection<String, String>> pool, PoolRegistration registration) {
    this.pool = pool;
    this.registration = registration;
  }

  @Override
  public StatefulConnection<String, String> get() {
    long start = System.nanoTime();
    long before = invalidations;
    StatefulConnection<String, String> connection = connect.get();
    if (before != invalidations) {
      // made while a failover emptied the pool: Lettuce may have asked the sentinels just before
      // they named the new master, and invalidateAll did not see this one; make it again
      connection.close();
      connection = connect.get();
    }
    PoolRegistration target = registration;
    if (target != null) {
      target.recordCreateTime(System.nanoTime() - start);
    }
    made.removeIf(PoolConnections::isClosed);
    made.add(connection);
    return connection;
  }

  /**
   * Takes every connection made so far out of the pool (a Sentinel failover); how many it took. The
   * pool closes each, once: an idle one at once, a borrowed one too, so that the command running on
   * it fails (503) rather than writing to the old master, and the request that borrowed it does not
   * give it back ({@link #giveBack}). New connections ask the sentinels for the master as they are
   * made.
   *
   * <p>Closing the connections here, and letting the pool close them again when it next validated
   * them, made Lettuce log {@code Connection is already closed} once per connection: going through
   * the pool, each is closed once and the failover is logged once, by the watch.
   */
  int invalidateAll() {
    invalidations++;
    // those made until now: a connection made from here on asked the sentinels after the switch
    // (one begun before is made again by get), and is not taken out with the old ones
    List<StatefulConnection<String, String>> old = List.copyOf(made);
    made.removeAll(old);
    GenericObjectPool<StatefulConnection<String, String>> target = pool;
    int taken = 0;
    for (StatefulConnection<String, String> connection : old) {
      if (isClosed(connection)) {
        continue; // the pool destroyed it already: closing it again is what Lettuce warns about
      }
      // open, or disconnected and reconnecting (the old master killed): either way out; marked
      // first, so that a request giving it back meanwhile knows why the pool refuses it
      taken++;
      takenOut.add(connection);
      try {
        target.invalidateObject(connection);
      } catch (Exception e) {
        // no longer the pool's, yet not closed: close it here, once
        connection.closeAsync();
      }
    }
    return taken;
  }

  /**
   * Whether the connection was closed for good ({@code close()}), not merely disconnected: Lettuce
   * logs a warning when a closed connection is closed again.
   */
  private static boolean isClosed(StatefulConnection<String, String> connection) {
    return connection instanceof RedisChannelHandler<?, ?> handler
        ? handler.isClosed()
        : !connection.isOpen();
  }

  /**
   * Gives a borrowed connection back to the pool, unless {@link #invalidateAll} took it out while
   * it was in use (the pool closed it already). The pool refuses a connection it no longer holds;
   * should the failover take this one out between the check and the return, the refusal is
   * recognised by the mark {@code invalidateAll} set, never by the pool's words. Any other refusal
   * is thrown.
   */
  void giveBack(StatefulConnection<String, String> connection) {
    if (takenOut.remove(connection)) {
      return;
    }
    try {
      pool.returnObject(connection);
    } catch (IllegalStateException e) {
      if (!takenOut.remove(connection)) {
        throw e;
      }
    }
  }
}
