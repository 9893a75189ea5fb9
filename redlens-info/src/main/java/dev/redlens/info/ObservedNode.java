package dev.redlens.info;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the instruments read about one node: its last status and its poll failures by {@code
 * error.type}.
 */
interface ObservedNode {
  /** The status after the last poll. */
  NodeStatus status();

  /** Failed polls since start by {@code error.type}. */
  Map<String, AtomicLong> failuresByType();
}
