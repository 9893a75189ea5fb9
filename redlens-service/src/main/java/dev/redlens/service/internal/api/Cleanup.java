package dev.redlens.service.internal.api;

import dev.redlens.project.ProjectKeyspace;
import dev.redlens.service.internal.runtime.ServiceParts;
import java.util.Set;
import java.util.UUID;

/** {@code POST /test/redis/cleanup?project_id=}: deletes every key of one project. */
final class Cleanup implements Endpoint.Query {

  private final ServiceParts parts;

  Cleanup(ServiceParts parts) {
    this.parts = parts;
  }

  record Response(String projectId, String keyPattern, long deletedKeys, double durationMs) {}

  @Override
  public Set<String> parameters() {
    return Set.of("project_id");
  }

  @Override
  public Object handle(QueryParameters query, Exchange exchange) {
    UUID projectId = query.requiredProject();
    exchange.project(projectId);
    ProjectKeyspace keyspace = parts.connector().keyspace(projectId);
    long start = System.nanoTime();
    long deleted = parts.connector().deleteProjectKeys(keyspace);
    return new Response(
        projectId.toString(),
        keyspace.keyPattern(),
        deleted,
        Figures.millis(System.nanoTime() - start));
  }
}
