@echo off
rem The packaged `hookline` command on Windows: the bundled runtime with the lib dir on the class path.
setlocal
set "HOOKLINE_HOME=%~dp0.."
"%HOOKLINE_HOME%\runtime\bin\java.exe" -Xshare:auto -Djna.boot.library.path="%HOOKLINE_HOME%\lib\native" -Djna.nosys=true -Djna.nounpack=true %HOOKLINE_JAVA_OPTS% -cp "%HOOKLINE_HOME%\lib\*" dev.hookline.cli.Main %*
exit /b %ERRORLEVEL%
