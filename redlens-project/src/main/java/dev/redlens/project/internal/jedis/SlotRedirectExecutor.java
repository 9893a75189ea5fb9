package dev.redlens.project.internal.jedis;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.IOUtils;

/**
 * The executor of a project's cluster client on Jedis 8 and later, where Jedis's own cluster
 * executor no longer asks the provider for every command: it broadcasts the commands whose request
 * policy is all-nodes or all-shards and sends keyless ones round-robin over the masters. This one
 * always asks the provider ({@code getConnection(CommandArguments)}, which routes to the project's
 * slot), and otherwise does what Jedis's cluster executor does on its single-slot path (Jedis 6 to
 * 8): it follows {@code MOVED} (refreshing the slot cache) and {@code ASK} (with {@code ASKING}),
 * retries a lost connection, refreshing the slot cache with a back-off after two in a row, within
 * the same attempts and deadline. Every call goes through the provider's connections, so
 * redlens-jedis records one span per node that answered and counts the redirections.
 */
final class SlotRedirectExecutor implements CommandExecutor {

  private final ClusterConnectionProvider provider;
  private final int maxAttempts;
  private final Duration maxTotalRetriesDuration;

  SlotRedirectExecutor(
      ClusterConnectionProvider provider, int maxAttempts, Duration maxTotalRetriesDuration) {
    this.provider = provider;
    this.maxAttempts = maxAttempts;
    this.maxTotalRetriesDuration = maxTotalRetriesDuration;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> commandObject) {
    Instant deadline = Instant.now().plus(maxTotalRetriesDuration);
    JedisRedirectionException redirect = null;
    RuntimeException lastError = null;
    int connectionFailures = 0;
    for (int attemptsLeft = maxAttempts; attemptsLeft > 0; attemptsLeft--) {
      Connection connection = null;
      try {
        if (redirect == null) {
          connection = provider.getConnection(commandObject.getArguments());
        } else {
          connection = provider.getConnection(redirect.getTargetNode());
          if (redirect instanceof JedisAskDataException) {
            connection.executeCommand(Protocol.Command.ASKING);
          }
        }
        return connection.executeCommand(commandObject);
      } catch (JedisClusterOperationException e) {
        throw e;
      } catch (JedisConnectionException e) {
        lastError = e;
        connectionFailures++;
        if (connectionProblemRenewedSlots(attemptsLeft - 1, connectionFailures, deadline)) {
          connectionFailures = 0;
          redirect = null;
        }
      } catch (JedisRedirectionException e) {
        if (lastError == null || lastError instanceof JedisRedirectionException) {
          lastError = e;
        }
        redirect = e;
        connectionFailures = 0;
        if (e instanceof JedisMovedDataException) {
          provider.renewSlotCache(connection);
        }
      } finally {
        IOUtils.closeQuietly(connection);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new JedisClusterOperationException("Cluster retry deadline exceeded.", lastError);
      }
    }
    JedisClusterOperationException exhausted =
        new JedisClusterOperationException("No more cluster attempts left.");
    if (lastError != null) {
      exhausted.addSuppressed(lastError);
    }
    throw exhausted;
  }

  /** Jedis's rule: with fewer than 3 attempts renew on the last; else back off after 2 in a row. */
  private boolean connectionProblemRenewedSlots(
      int attemptsLeft, int connectionFailures, Instant deadline) {
    if (maxAttempts < 3) {
      if (attemptsLeft == 0) {
        provider.renewSlotCache();
        return true;
      }
      return false;
    }
    if (connectionFailures < 2) {
      return false;
    }
    sleep(backoffMillis(attemptsLeft, deadline));
    provider.renewSlotCache();
    return true;
  }

  private static long backoffMillis(int attemptsLeft, Instant deadline) {
    if (attemptsLeft <= 0) {
      return 0;
    }
    long millisLeft = Duration.between(Instant.now(), deadline).toMillis();
    if (millisLeft < 0) {
      throw new JedisClusterOperationException("Cluster retry deadline exceeded.");
    }
    return ThreadLocalRandom.current().nextLong(millisLeft / (attemptsLeft * attemptsLeft) + 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JedisClusterOperationException(e);
    }
  }

  @Override
  public void close() {
    provider.close();
  }
}
