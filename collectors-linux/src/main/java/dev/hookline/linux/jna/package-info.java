/**
 * The libc calls and socket helpers the Linux collectors share (netlink, recvmmsg, BPF filters, eventfd) through
 * JNA. Depends on no other Hookline package.
 */
package dev.hookline.linux.jna;
