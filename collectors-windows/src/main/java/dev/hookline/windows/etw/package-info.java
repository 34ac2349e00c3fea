/**
 * ETW sessions and records in Java terms: the API the session manager calls, session and provider specs, record
 * layout and Win32 errors. Must not depend on its JNA binding or on normalize.
 */
package dev.hookline.windows.etw;
