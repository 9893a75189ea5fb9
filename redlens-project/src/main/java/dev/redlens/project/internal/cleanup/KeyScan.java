package dev.redlens.project.internal.cleanup;

import dev.redlens.project.internal.Bytes;
import java.util.List;
import java.util.function.Consumer;

/**
 * A full {@code SCAN} of one node for a project's keys: {@code MATCH pattern COUNT batchSize}, from
 * cursor 0 until the node answers cursor 0 again. Counting and deleting walk the keys the same way.
 *
 * @param pattern the project's key pattern
 * @param batchSize the {@code COUNT} of each {@code SCAN}, and the size of the cleanup's {@code
 *     UNLINK} batches
 */
public record KeyScan(String pattern, int batchSize) {

  private static final String SCAN = "SCAN";
  private static final String MATCH = "MATCH";
  private static final String COUNT = "COUNT";
  private static final String FIRST_CURSOR = "0";

  /** The number of keys of the project on the node. */
  public long count(NodeRunner node) {
    return forEachPage(node, keys -> {});
  }

  /**
   * Hands the keys of each {@code SCAN} reply to {@code page}, before the next {@code SCAN} is
   * sent, and returns how many keys the replies listed.
   */
  long forEachPage(NodeRunner node, Consumer<List<?>> page) {
    long listed = 0;
    byte[] cursor = Bytes.utf8(FIRST_CURSOR);
    do {
      List<?> reply = scan(node, cursor);
      cursor = (byte[]) reply.get(0);
      List<?> keys = (List<?>) reply.get(1);
      listed += keys.size();
      page.accept(keys);
    } while (!isZero(cursor));
    return listed;
  }

  /** One {@code SCAN}: its reply is the next cursor and the keys it listed. */
  private List<?> scan(NodeRunner node, byte[] cursor) {
    Object reply =
        node.run(
            List.of(
                Bytes.utf8(SCAN),
                cursor,
                Bytes.utf8(MATCH),
                Bytes.utf8(pattern),
                Bytes.utf8(COUNT),
                Bytes.utf8(Integer.toString(batchSize))));
    if (!(reply instanceof List<?> list) || list.size() != 2) {
      throw new IllegalStateException("Unexpected SCAN reply: " + reply);
    }
    return list;
  }

  private static boolean isZero(byte[] cursor) {
    return cursor.length == 1 && cursor[0] == '0';
  }
}
