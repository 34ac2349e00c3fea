/**
 * Passive DNS: answers sniffed on every interface fill the agent's DNS cache for RemoteUrl. Must not depend on the
 * other Linux collectors.
 */
package dev.hookline.linux.dns;
