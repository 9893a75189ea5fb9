package dev.redlens.service.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PoolConnections} against a real redis-server: a failover ({@link
 * PoolConnections#invalidateAll}) takes idle and borrowed connections out of the pool, and giving a
 * borrowed one back afterwards is no error, whatever words the pool would refuse it with: the pool
 * here says its refusals in other words than commons-pool2 2.13, as another version might.
 */
class PoolConnectionsTest {

  static RedisServer redis;
  static RedisClient client;

  PoolConnections connections;
  RewordedPool pool;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    client = RedisClient.create(redis.uri());
  }

  @AfterAll
  static void stop() {
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      redis.close();
    }
  }

  @BeforeEach
  void pool() {
    connections = new PoolConnections(client::connect);
    pool = new RewordedPool(connections);
    connections.attach(pool, null);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void aFailoverTakesIdleAndBorrowedConnectionsOutAndTheBorrowedOneIsNotGivenBack()
      throws Exception {
    StatefulConnection<String, String> borrowed = pool.borrowObject();
    StatefulConnection<String, String> idle = pool.borrowObject();
    connections.giveBack(idle);
    assertThat(pool.getNumIdle()).isEqualTo(1);

    assertThat(connections.invalidateAll()).isEqualTo(2);
    assertThat(idle.isOpen()).isFalse();
    assertThat(borrowed.isOpen()).isFalse();

    connections.giveBack(borrowed);
    assertThat(pool.getReturnedCount()).as("only the idle one was ever given back").isEqualTo(1);
    assertThat(pool.getNumActive()).isZero();
    assertThat(pool.getDestroyedCount()).isEqualTo(2);
    // commons-pool2 may make replacements as it invalidates: new connections, all open
    StatefulConnection<String, String> next = pool.borrowObject();
    assertThat(next).isNotSameAs(borrowed).isNotSameAs(idle);
    assertThat(((StatefulRedisConnection<String, String>) next).sync().ping()).isEqualTo("PONG");
    connections.giveBack(next);
    assertThat(pool.getReturnedCount()).isEqualTo(2);
    assertThat(pool.getNumActive()).isZero();
  }

  @Test
  void aFailoverBetweenTheCheckAndTheReturnIsNoErrorEither() throws Exception {
    StatefulConnection<String, String> borrowed = pool.borrowObject();
    pool.beforeReturn = () -> assertThat(connections.invalidateAll()).isEqualTo(1);

    connections.giveBack(borrowed); // the pool refuses it: the failover took it out

    assertThat(borrowed.isOpen()).isFalse();
    assertThat(pool.getDestroyedCount()).isEqualTo(1);
    assertThat(pool.getReturnedCount()).isZero();
    assertThat(pool.getNumActive()).isZero();
  }

  @Test
  void otherRefusalsOfThePoolStillFail() throws Exception {
    StatefulConnection<String, String> connection = pool.borrowObject();
    connections.giveBack(connection);

    assertThatThrownBy(() -> connections.giveBack(connection))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(RewordedPool.REFUSED);
  }

  /**
   * A pool of the connections as Lettuce's {@code ConnectionPoolSupport} makes it (unwrapped),
   * whose refusals to take a connection back say so in other words, and which runs {@link
   * #beforeReturn} as a connection comes back.
   */
  static final class RewordedPool extends GenericObjectPool<StatefulConnection<String, String>> {

    static final String REFUSED = "The pool does not take this connection back";

    volatile Runnable beforeReturn = () -> {};

    RewordedPool(PoolConnections connections) {
      super(
          new BasePooledObjectFactory<>() {
            @Override
            public StatefulConnection<String, String> create() {
              return connections.get();
            }

            @Override
            public PooledObject<StatefulConnection<String, String>> wrap(
                StatefulConnection<String, String> connection) {
              return new DefaultPooledObject<>(connection);
            }

            @Override
            public void destroyObject(PooledObject<StatefulConnection<String, String>> p) {
              p.getObject().close();
            }

            @Override
            public boolean validateObject(PooledObject<StatefulConnection<String, String>> p) {
              return p.getObject().isOpen();
            }
          },
          new GenericObjectPoolConfig<>());
      setTestOnBorrow(true);
    }

    @Override
    public void returnObject(StatefulConnection<String, String> connection) {
      Runnable hook = beforeReturn;
      beforeReturn = () -> {};
      hook.run();
      try {
        super.returnObject(connection);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(REFUSED, e);
      }
    }
  }
}
