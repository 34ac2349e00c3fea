#Requires -RunAsAdministrator
<#
.SYNOPSIS
  Installs the Hookline agent as a Windows service from the runtime-image zip (packaging/windows/build-zip).
.EXAMPLE
  Expand-Archive hookline-0.1.0-windows-x64.zip -DestinationPath $env:TEMP\hookline; & $env:TEMP\hookline\install.ps1
.NOTES
  Files: %ProgramFiles%\Hookline\{runtime,lib,bin}; config and data: %ProgramData%\Hookline (hookline.yaml is kept
  when it exists). Service "Hookline": LocalSystem, automatic start, restarted on failure. java.exe does not speak
  to the Service Control Manager, so the service binary is WinSW (bin\hookline-service.exe with
  bin\hookline-service.xml) when the zip has it; without it the service is registered on java.exe directly, which
  the SCM stops after its start timeout: ship WinSW (build-zip's third argument) for a real install.
#>
param(
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'Hookline'),
    [string]$DataDir = (Join-Path $env:ProgramData 'Hookline'),
    [string]$ServiceName = 'Hookline'
)
$ErrorActionPreference = 'Stop'
$src = $PSScriptRoot

$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing) {
    if ($existing.Status -ne 'Stopped') { Stop-Service -Name $ServiceName -Force }
}

New-Item -ItemType Directory -Force -Path $InstallDir, $DataDir | Out-Null
foreach ($d in 'runtime', 'lib', 'bin') {
    $target = Join-Path $InstallDir $d
    if (Test-Path $target) { Remove-Item -Recurse -Force $target }
    Copy-Item -Recurse -Path (Join-Path $src $d) -Destination $target
}
$config = Join-Path $DataDir 'hookline.yaml'
if (-not (Test-Path $config)) { Copy-Item (Join-Path $src 'hookline.yaml') $config }

# Data and config: SYSTEM and Administrators only.
icacls $DataDir /inheritance:r /grant:r 'SYSTEM:(OI)(CI)F' 'Administrators:(OI)(CI)F' | Out-Null

$java = Join-Path $InstallDir 'runtime\bin\java.exe'
$lib = Join-Path $InstallDir 'lib\*'
$native = Join-Path $InstallDir 'lib\native'
$binPath = "`"$java`" -Djna.boot.library.path=`"$native`" -Djna.nosys=true -Djna.nounpack=true " +
           "-cp `"$lib`" dev.hookline.cli.Main run --config `"$config`""

$winsw = Join-Path $InstallDir 'bin\hookline-service.exe'
if (Test-Path $winsw) {
    if (-not $existing) { & $winsw install | Out-Null }
    sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/30000 | Out-Null
    Start-Service -Name $ServiceName
    Write-Host "Hookline installed in $InstallDir; config $config; service $ServiceName (WinSW) started."
    return
}
Write-Warning 'bin\hookline-service.exe (WinSW) is missing: registering java.exe directly (not a real service host).'
if (-not $existing) {
    New-Service -Name $ServiceName -BinaryPathName $binPath -DisplayName 'Hookline endpoint sensor' `
        -Description 'Sentinel KQL detections over Defender-schema telemetry, on the host.' -StartupType Automatic | Out-Null
} else {
    sc.exe config $ServiceName binPath= $binPath start= auto | Out-Null
}
# Restart after 5 s on the first three failures; reset the count after a day.
sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/5000 | Out-Null
sc.exe sidtype $ServiceName unrestricted | Out-Null

# `hookline` on the machine PATH.
$bin = Join-Path $InstallDir 'bin'
$path = [Environment]::GetEnvironmentVariable('Path', 'Machine')
if (($path -split ';') -notcontains $bin) {
    [Environment]::SetEnvironmentVariable('Path', "$path;$bin", 'Machine')
}
Start-Service -Name $ServiceName
Write-Host "Hookline installed in $InstallDir; config $config; service $ServiceName started."
