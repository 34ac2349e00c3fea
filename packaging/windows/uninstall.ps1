#Requires -RunAsAdministrator
<#
.SYNOPSIS
  Removes the Hookline service and program files. -Purge also removes %ProgramData%\Hookline (config, alerts).
#>
param(
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'Hookline'),
    [string]$DataDir = (Join-Path $env:ProgramData 'Hookline'),
    [string]$ServiceName = 'Hookline',
    [switch]$Purge
)
$ErrorActionPreference = 'Stop'
$svc = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($svc) {
    if ($svc.Status -ne 'Stopped') { Stop-Service -Name $ServiceName -Force }
    $winsw = Join-Path $InstallDir 'bin\hookline-service.exe'
    if (Test-Path $winsw) { & $winsw uninstall | Out-Null } else { sc.exe delete $ServiceName | Out-Null }
}
$bin = Join-Path $InstallDir 'bin'
$path = [Environment]::GetEnvironmentVariable('Path', 'Machine')
[Environment]::SetEnvironmentVariable('Path', (($path -split ';') -ne $bin) -join ';', 'Machine')
if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
if ($Purge -and (Test-Path $DataDir)) { Remove-Item -Recurse -Force $DataDir }
Write-Host "Hookline removed$(if ($Purge) { ' (with its data)' })."
