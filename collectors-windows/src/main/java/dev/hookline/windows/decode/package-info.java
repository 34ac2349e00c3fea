/**
 * UserData decoders of the handled ETW events (Kernel-Process, Kernel-Network, Kernel-File, the classic Process
 * class). Pure byte parsing: depends on no other package.
 */
package dev.hookline.windows.decode;
