@echo off
rem baton: Baton from the terminal. Runs the command shipped inside the app on the Node.js on PATH
rem (22.12 or later), or the one BATON_NODE names. Add this folder to PATH to type `baton`.
setlocal
if "%BATON_NODE%"=="" set "BATON_NODE=node"
"%BATON_NODE%" "%~dp0baton.cjs" %*
