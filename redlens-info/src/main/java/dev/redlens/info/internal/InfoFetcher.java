package dev.redlens.info.internal;

import dev.redlens.info.ClusterInfo;
import dev.redlens.info.InfoSnapshot;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one node: {@code INFO everything}, falling back to {@code INFO} plus the sections it leaves out when the
 * server refuses {@code everything}, then {@code CLUSTER INFO} on a cluster node. Only a refused plain {@code INFO}
 * (or a connection problem) fails the read; what had to be worked around is reported as a warning.
 */
public final class InfoFetcher {
    /** Sections that plain {@code INFO} leaves out. */
    private static final List<String> EXTRA_SECTIONS = List.of("commandstats", "errorstats", "latencystats");

    private InfoFetcher() {
    }

    /**
     * The result of one read.
     *
     * @param snapshot    the parsed {@code INFO}
     * @param clusterInfo the parsed {@code CLUSTER INFO} of a cluster node, else {@code null}
     * @param warning     what was worked around, else {@code null}
     */
    public record Result(InfoSnapshot snapshot, ClusterInfo clusterInfo, String warning) {
    }

    /** Reads the node behind {@code commands}; throws what Lettuce throws when even plain {@code INFO} fails. */
    public static Result fetch(RedisCommands<String, String> commands) {
        List<String> warnings = new ArrayList<>();
        InfoSnapshot snapshot;
        try {
            snapshot = InfoSnapshot.parse(commands.info("everything"));
        } catch (RedisCommandExecutionException refused) {
            snapshot = fetchSectionBySection(commands, refused, warnings);
        }
        ClusterInfo clusterInfo = null;
        if (snapshot.clusterEnabled()) {
            try {
                clusterInfo = ClusterInfo.parse(commands.clusterInfo());
            } catch (RedisCommandExecutionException refused) {
                warnings.add("CLUSTER INFO refused (" + refused.getMessage() + ")");
            }
        }
        if (snapshot.skippedLines() > 0) {
            warnings.add(snapshot.skippedLines() + " unreadable INFO line(s) skipped");
        }
        return new Result(snapshot, clusterInfo, warnings.isEmpty() ? null : String.join("; ", warnings));
    }

    private static InfoSnapshot fetchSectionBySection(RedisCommands<String, String> commands,
                                                      RedisCommandExecutionException refused, List<String> warnings) {
        StringBuilder text = new StringBuilder(commands.info()).append("\r\n");
        List<String> used = new ArrayList<>(List.of("INFO"));
        for (String section : EXTRA_SECTIONS) {
            try {
                text.append(commands.info(section)).append("\r\n");
                used.add("INFO " + section);
            } catch (RedisCommandExecutionException sectionRefused) {
                warnings.add("INFO " + section + " refused (" + sectionRefused.getMessage() + ")");
            }
        }
        warnings.add(0, "INFO everything refused (" + refused.getMessage() + "); used " + String.join(", ", used));
        return InfoSnapshot.parse(text.toString());
    }
}
