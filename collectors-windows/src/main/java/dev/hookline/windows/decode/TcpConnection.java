package dev.hookline.windows.decode;

/**
 * Kernel-Network TCP connect (12 IPv4, 28 IPv6) or accept (15, 31). Addresses in network order; ports in host
 * numbers (decoded from network byte order). daddr is the remote end, saddr the local one.
 */
public record TcpConnection(boolean accept, long processId, byte[] remoteAddress, int remotePort, byte[] localAddress,
                            int localPort) {
}
