package io.familymeeting.loadtest.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Datagrams the kernel dropped because a socket's receive buffer was full, from /proc/net/udp
 * and /proc/net/udp6 (the last column, "drops", per socket) of the run's network namespace:
 * summed apart for the generator's own sockets (by local port) and for every other socket (the
 * server's). Tells loss inside the generator from loss at the server. Zeros without /proc.
 */
public record UdpDrops(long generator, long others) {

    public static UdpDrops read(Set<Integer> generatorPorts) {
        long mine = 0;
        long others = 0;
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 13) {
                    continue;
                }
                String local = f[1]; // hex address:port
                int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                long drops = Long.parseLong(f[f.length - 1]);
                if (generatorPorts.contains(port)) {
                    mine += drops;
                } else {
                    others += drops;
                }
            }
        }
        return new UdpDrops(mine, others);
    }

    public UdpDrops minus(UdpDrops o) {
        return new UdpDrops(generator - o.generator, others - o.others);
    }
}
