; Included by electron-builder's NSIS scripts (electron-builder.yml: nsis.include).
;
; electron-builder's `protocols` key registers nothing on Windows: the app registers echoes:// itself at
; run time (app.setAsDefaultProtocolClient writes HKCU\Software\Classes\echoes, electron/main/deep-links.ts).
; The uninstaller removes that key, so echoes:// links no longer point at a deleted exe. An update runs the
; old version's uninstaller too: the key is kept then, the new version writes the same one.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    DeleteRegKey HKCU "Software\Classes\echoes"
  ${endIf}
!macroend
