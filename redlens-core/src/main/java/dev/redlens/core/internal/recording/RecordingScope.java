package dev.redlens.core.internal.recording;

import static dev.redlens.core.RedlensSemconv.*;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.catalog.CommandCategory;
import dev.redlens.core.catalog.CommandSpec;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.core.instrumentation.ReplyInspector;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recorder's {@link ClientScope}: one server, database and project, and the {@link
 * CommandBinding} of every command started through it, built on first use.
 */
final class RecordingScope implements ClientScope {

  private static final int RECENT = 16; // slots of the bindings remembered (a power of two)

  final Recorder recorder;
  final ReplyInspector replyInspector;
  private final String address;
  private final int port;
  private final String namespace;
  private final String projectId;
  private final String metricProjectId;
  private final ConcurrentHashMap<String, CommandBinding> bindings = new ConcurrentHashMap<>();

  /**
   * The binding of a command name as a client sends it, by the name's hash: a hit skips the
   * catalog's look-up and the bindings' (about 100 instructions per command). Only commands whose
   * spec does not depend on their arguments, and only while the catalog is the version they were
   * resolved in. A slot is filled once per catalog version (names that collide take the long way),
   * so a mix of commands never allocates; entries are immutable, so a racing read sees a whole one.
   */
  private final Recent[] recent = new Recent[RECENT];

  private record Recent(String command, Object version, CommandBinding binding) {}

  RecordingScope(
      Recorder recorder,
      String address,
      int port,
      String namespace,
      String projectId,
      ReplyInspector replyInspector) {
    this.recorder = recorder;
    this.address = address;
    this.port = port;
    this.namespace = namespace;
    this.projectId = projectId;
    this.metricProjectId = projectId == null ? null : recorder.projects.limit(projectId);
    this.replyInspector = replyInspector;
  }

  @Override
  public ClientScope withProject(String projectId) {
    Objects.requireNonNull(projectId, "projectId");
    return new RecordingScope(recorder, address, port, namespace, projectId, replyInspector);
  }

  @Override
  public ClientScope withDatabase(long database) {
    return new RecordingScope(
        recorder, address, port, Long.toString(database), projectId, replyInspector);
  }

  @Override
  public ClientScope withReplyInspector(ReplyInspector inspector) {
    Objects.requireNonNull(inspector, "inspector");
    return new RecordingScope(recorder, address, port, namespace, projectId, inspector);
  }

  @Override
  public String serverAddress() {
    return address;
  }

  @Override
  public int serverPort() {
    return port;
  }

  @Override
  public String projectId() {
    return projectId;
  }

  @Override
  public RedisOperation start(
      String command, CommandArguments args, Context parent, Attributes connection) {
    CommandBinding binding;
    try {
      binding = binding(command, args);
    } catch (RuntimeException e) {
      recorder.degraded(
          "resolve", "Redlens could not resolve a command; it is recorded as _other", e);
      binding = binding(null, OVERFLOW_VALUE);
    }
    return recorder.start(binding, args, parent, connection);
  }

  @Override
  public void recordRedirection(String kind) {
    try {
      AttributesBuilder attributes = Attributes.builder().put(REDIS_CLUSTER_REDIRECTION, kind);
      if (address != null) {
        attributes.put(SERVER_ADDRESS, address);
      }
      if (port > 0) {
        attributes.put(SERVER_PORT, (long) port);
      }
      recorder.recordRedirection(attributes.build());
    } catch (RuntimeException e) {
      recorder.degraded("redirection", "Redlens could not count a cluster redirection", e);
    }
  }

  /** The binding of another scope's command in this scope (an operation redirected here). */
  CommandBinding rebind(CommandBinding other) {
    CommandBinding binding = bindings.get(other.operationName);
    return binding != null && binding.spec == other.spec
        ? binding
        : binding(other.spec, other.operationName);
  }

  CommandBinding binding(String command, CommandArguments args) {
    Object version = recorder.catalog.version();
    int slot = command.hashCode() & (RECENT - 1);
    Recent hit = recent[slot];
    if (hit != null && hit.version == version && hit.command.equals(command)) {
      return hit.binding;
    }
    CommandSpec spec = recorder.catalog.resolve(command, args);
    if (spec != null) {
      CommandBinding binding = bindings.get(spec.name());
      if (binding == null || binding.spec != spec) {
        binding = binding(spec, spec.name());
      }
      if ((hit == null || hit.version != version)
          && recorder.catalog.isArgumentFree(spec, version)) {
        recent[slot] = new Recent(command, version, binding);
      }
      return binding;
    }
    String name = recorder.unknownCommands.limit(command.toUpperCase(Locale.ROOT));
    CommandBinding binding = bindings.get(name);
    return binding != null ? binding : binding(null, name);
  }

  private CommandBinding binding(CommandSpec spec, String name) {
    CommandCategory category = spec == null ? CommandCategory.OTHER : spec.category();
    CommandBinding binding =
        new CommandBinding(
            this,
            spec,
            name,
            category,
            recorder.statistics.command(name, category, metricProjectId));
    bindings.put(name, binding);
    return binding;
  }

  /** The project id on metrics (bounded: past the limit {@code _other}), or null. */
  String metricProjectId() {
    return metricProjectId;
  }

  void putServer(AttributesBuilder builder) {
    if (namespace != null) {
      builder.put(DB_NAMESPACE, namespace);
    }
    if (address != null) {
      builder.put(SERVER_ADDRESS, address);
    }
    if (port > 0) {
      builder.put(SERVER_PORT, (long) port);
    }
  }
}
