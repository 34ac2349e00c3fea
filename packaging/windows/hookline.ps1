# The packaged `hookline` command for PowerShell: the bundled runtime (runtime\bin\java.exe) with the lib dir on
# the class path, as bin\hookline.cmd. HOOKLINE_JAVA_OPTS (space-separated JVM options) comes before the class.
$ErrorActionPreference = 'Stop'
$hooklineHome = Split-Path -Parent $PSScriptRoot
$java = Join-Path $hooklineHome 'runtime\bin\java.exe'
$lib = Join-Path $hooklineHome 'lib'
$jvmOptions = @()
if ($env:HOOKLINE_JAVA_OPTS) { $jvmOptions = $env:HOOKLINE_JAVA_OPTS -split '\s+' | Where-Object { $_ } }
& $java -Xshare:auto "-Djna.boot.library.path=$lib\native" -Djna.nosys=true -Djna.nounpack=true @jvmOptions `
    -cp "$lib\*" dev.hookline.cli.Main @args
exit $LASTEXITCODE
