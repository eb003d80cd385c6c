; Inno Setup 6 script: installs the one-folder PyInstaller build of desktop_handover.
;
; Build the bundle first (uv run python packaging/build.py), then from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\desktop_handover.iss
; (packaging/build.py --installer does both and passes the version from the package metadata.)
; Output: dist\desktop-handover-<version>-setup.exe
;
; Per-user install by default (no admin rights needed; the admin who hands work over is often
; not a local administrator); the dialog offers "for all users" to those who are.
; Sign the installer and the exe with signtool in CI if a certificate is available.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "desktop_handover"
#define AppExe "desktop-handover.exe"
#define BundleDir "..\..\dist\desktop-handover"

[Setup]
; A fixed AppId keeps upgrades in place; never change it.
AppId={{6E0C4F5D-3B7A-4C55-9D1E-2A8F0B9C7D41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=desktop_handover developers
AppCopyright=MIT licence; Qt under LGPLv3
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\desktop_handover
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=desktop-handover-{#AppVersion}-setup
SetupIconFile=..\..\resources\app\desktop_handover.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "pl"; MessagesFile: "compiler:Languages\Polish.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: both executables and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave libraries of the previous version behind in _internal\.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Settings (registry/INI), the journal and logs live in the user's profile and are kept on
; uninstall on purpose: the journal is what makes a handover undoable.
