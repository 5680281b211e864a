; Saved as UTF-8 with a byte-order mark: Inno Setup reads the Chinese names correctly only then.
; Inno Setup script: the Windows installer of 绩效自评助手 (EvalDesk).
; Build on Windows after PyInstaller (see packaging/README.md):
;   iscc /DAppVersion=0.1.0 packaging\evaldesk.iss
; Input: dist\evaldesk\* (PyInstaller's one-folder output). Output: dist\evaldesk-<version>-setup.exe.
; Per-user install by default (no administrator rights needed on an office PC); the clerk's drafts,
; backups and logs stay in %LOCALAPPDATA%\EvalDesk and are never touched by uninstalling.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{527A6C3C-11A8-4394-A4FD-69E22449F25D}
AppName=绩效自评助手
AppVerName=绩效自评助手 {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=EvalDesk
DefaultDirName={autopf}\EvalDesk
DefaultGroupName=绩效自评助手
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=evaldesk-{#AppVersion}-setup
SetupIconFile=icons\evaldesk.ico
UninstallDisplayIcon={app}\evaldesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; Windows 10 or later (the Qt 6 the program is built with needs it).
MinVersion=10.0

[Languages]
; Inno Setup 6.5+ ships ChineseSimplified.isl; for older versions copy it into the Languages folder.
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\evaldesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\绩效自评助手"; Filename: "{app}\evaldesk.exe"
Name: "{group}\{cm:UninstallProgram,绩效自评助手}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\绩效自评助手"; Filename: "{app}\evaldesk.exe"; Tasks: desktopicon

[Registry]
; Double-clicking a .evaldesk draft opens it in the window (per user when installed per user).
Root: HKA; Subkey: "Software\Classes\.evaldesk"; ValueType: string; ValueName: ""; ValueData: "EvalDesk.Draft"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\EvalDesk.Draft"; ValueType: string; ValueName: ""; ValueData: "绩效自评草稿"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\EvalDesk.Draft\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\evaldesk.exe,0"
Root: HKA; Subkey: "Software\Classes\EvalDesk.Draft\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\evaldesk.exe"" ""%1"""

[Run]
Filename: "{app}\evaldesk.exe"; Description: "{cm:LaunchProgram,绩效自评助手}"; Flags: nowait postinstall skipifsilent
