package dev.redlens.project;

import dev.redlens.project.internal.cleanup.NodeRunner;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link RedisCommandRunner} made of a client adapter's two methods: the adapters in {@code
 * internal} do not implement the interface themselves, so that they do not depend on this package
 * (which depends on them). For the same reason it is also the {@link NodeRunner} through which
 * {@link ProjectCleanup} hands a runner to {@code internal.cleanup}.
 */
record JoinedRunner(
    Function<List<byte[]>, Object> one, Function<List<List<byte[]>>, List<Object>> together)
    implements RedisCommandRunner, NodeRunner {

  @Override
  public Object run(List<byte[]> command) {
    return one.apply(command);
  }

  @Override
  public List<Object> runTogether(List<List<byte[]>> commands) {
    return together.apply(commands);
  }
}
