<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About desktop_handover</source>
        <translation>Über desktop_handover</translation>
    </message>
    <message>
        <source>Version {0}</source>
        <translation>Version {0}</translation>
    </message>
    <message>
        <source>Hands a departing employee&apos;s Bitrix24 CRM items over to colleagues, with a plan, a journal and undo.</source>
        <translation>Übergibt die Bitrix24-CRM-Elemente eines ausscheidenden Mitarbeiters an Kollegen – mit Plan, Protokoll und Rückgängig-Funktion.</translation>
    </message>
    <message>
        <source>Free software under the {0} licence.</source>
        <translation>Freie Software unter der {0}-Lizenz.</translation>
    </message>
    <message>
        <source>Third-party software and licences</source>
        <translation>Software von Drittanbietern und Lizenzen</translation>
    </message>
    <message>
        <source>Qt {0} and PySide6 {1}</source>
        <translation>Qt {0} und PySide6 {1}</translation>
    </message>
    <message>
        <source>This program uses the Qt libraries through PySide6, under the GNU Lesser General Public License version 3 (LGPLv3). Qt is shipped unmodified and linked dynamically: you may replace the Qt and PySide6 libraries in the program&apos;s folder with your own build of the same version.</source>
        <translation>Dieses Programm nutzt die Qt-Bibliotheken über PySide6 unter der GNU Lesser General Public License Version 3 (LGPLv3). Qt wird unverändert mitgeliefert und dynamisch gelinkt: Sie dürfen die Qt- und PySide6-Bibliotheken im Programmordner durch einen eigenen Build derselben Version ersetzen.</translation>
    </message>
    <message>
        <source>Licence text: {0}</source>
        <translation>Lizenztext: {0}</translation>
    </message>
    <message>
        <source>Qt source code: {0}</source>
        <translation>Quellcode von Qt: {0}</translation>
    </message>
    <message>
        <source>PySide6 source code: {0}</source>
        <translation>Quellcode von PySide6: {0}</translation>
    </message>
    <message>
        <source>Python {0}: Python Software Foundation License ({1})</source>
        <translation>Python {0}: Python Software Foundation License ({1})</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Title</source>
        <extracomment>Every column a section may ask for, by ItemRef attribute.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>closed ✓</source>
        <translation>abgeschlossen ✓</translation>
    </message>
    <message>
        <source>open ○</source>
        <translation>offen ○</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Pipeline {0}</source>
        <translation>Pipeline {0}</translation>
    </message>
    <message>
        <source>Company #{0}</source>
        <translation>Unternehmen Nr. {0}</translation>
    </message>
    <message>
        <source>Contact #{0}</source>
        <translation>Kontakt Nr. {0}</translation>
    </message>
    <message>
        <source>Company / contact</source>
        <translation>Unternehmen / Kontakt</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>Verknüpft mit</translation>
    </message>
    <message>
        <source></source>
        <extracomment>The checkbox column, always first.</extracomment>
        <translation></translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>The &quot;To&quot; column: the successor the plan gives the row (filled by the model).</extracomment>
        <translation>An</translation>
    </message>
</context>
<context>
    <name>ConnectController</name>
    <message>
        <source>The portal answered the test but not the connection. Try again.</source>
        <extracomment>check_oauth_connection / open_portal_oauth bound to the app&apos;s transport and limits; the hook receives each rotated token pair (bitrix24-api.md §1.2).</extracomment>
        <translation>Bitrix24 hat auf den Test geantwortet, aber nicht auf die Verbindung. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>No system keychain is available: the tokens are kept for this session only.</source>
        <translation>Kein Passwortspeicher des Systems verfügbar: Die Tokens werden nur für diese Sitzung gemerkt.</translation>
    </message>
    <message>
        <source>No system keychain is available: the webhook is kept for this session only.</source>
        <translation>Kein Passwortspeicher des Systems verfügbar: Der Webhook wird nur für diese Sitzung gemerkt.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to Bitrix24</source>
        <translation>Mit Bitrix24 verbinden</translation>
    </message>
    <message>
        <source>Remembered portals</source>
        <translation>Gespeicherte Bitrix24-Accounts</translation>
    </message>
    <message>
        <source>New portal…</source>
        <translation>Neuer Account…</translation>
    </message>
    <message>
        <source>e.g. Acme</source>
        <translation>z. B. Acme</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Profilname</translation>
    </message>
    <message>
        <source>Incoming webhook (recommended)</source>
        <translation>Eingehender Webhook (empfohlen)</translation>
    </message>
    <message>
        <source>OAuth application</source>
        <translation>OAuth-Anwendung</translation>
    </message>
    <message>
        <source>Not available in this version; use a webhook.</source>
        <translation>In dieser Version nicht verfügbar; verwenden Sie einen Webhook.</translation>
    </message>
    <message>
        <source>Portal address</source>
        <translation>Bitrix24-Adresse</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Aktualisierungstoken</translation>
    </message>
    <message>
        <source>Webhook address</source>
        <translation>Webhook-Adresse</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show the webhook address</source>
        <translation>Webhook-Adresse anzeigen</translation>
    </message>
    <message>
        <source>Address check</source>
        <translation>Adressprüfung</translation>
    </message>
    <message>
        <source>Create the webhook as an administrator: Bitrix24 → Developer resources → Other → Inbound webhook; tick CRM, Users, Departments, Tasks and Chat (im).</source>
        <translation>Erstellen Sie den Webhook als Administrator: Bitrix24 → Entwicklerressourcen → Andere → Eingehender Webhook; aktivieren Sie CRM (crm), Nutzer (user), Abteilungen (department), Aufgaben (task) und Chat (im).</translation>
    </message>
    <message>
        <source>Add a local application as an administrator (Bitrix24 → Developer resources → Other → Local application); its install callback receives the access and refresh tokens, and its settings show the client ID and secret.</source>
        <translation>Fügen Sie als Administrator eine lokale Anwendung hinzu (Bitrix24 → Entwicklerressourcen → Andere → Lokale Anwendung); ihre Installations-URL erhält das Zugriffs- und das Aktualisierungstoken, ihre Einstellungen zeigen Client-ID und Client-Secret.</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>No system keychain is available: the webhook will be kept for this session only and asked for again next time.</source>
        <translation>Kein Passwortspeicher des Systems verfügbar: Der Webhook wird nur für diese Sitzung gemerkt und beim nächsten Start erneut abgefragt.</translation>
    </message>
    <message>
        <source>&amp;Portal:</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Sign-in:</source>
        <translation>Anmeldung:</translation>
    </message>
    <message>
        <source>&amp;Webhook:</source>
        <translation>&amp;Webhook:</translation>
    </message>
    <message>
        <source>Portal &amp;address:</source>
        <translation>Adr&amp;esse:</translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation>&amp;Client-ID:</translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation>Client-&amp;Secret:</translation>
    </message>
    <message>
        <source>A&amp;ccess token:</source>
        <translation>&amp;Zugriffstoken:</translation>
    </message>
    <message>
        <source>&amp;Refresh token:</source>
        <translation>A&amp;ktualisierungstoken:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Asking the portal…</source>
        <translation>Verbindung zu Bitrix24…</translation>
    </message>
    <message>
        <source>Enter the portal address.</source>
        <translation>Geben Sie die Bitrix24-Adresse ein.</translation>
    </message>
    <message>
        <source>This does not look like a portal address (https://…).</source>
        <translation>Das sieht nicht wie eine Bitrix24-Adresse aus (https://…).</translation>
    </message>
    <message>
        <source>Fill in the client ID, client secret and tokens.</source>
        <translation>Füllen Sie Client-ID, Client-Secret und Tokens aus.</translation>
    </message>
    <message>
        <source>Everything is filled in.</source>
        <translation>Alles ist ausgefüllt.</translation>
    </message>
    <message>
        <source>Paste the webhook address.</source>
        <translation>Fügen Sie die Webhook-Adresse ein.</translation>
    </message>
    <message>
        <source>The address must start with https://.</source>
        <translation>Die Adresse muss mit https:// beginnen.</translation>
    </message>
    <message>
        <source>This does not look like a webhook address (…/rest/&lt;id&gt;/&lt;secret&gt;/).</source>
        <translation>Das sieht nicht wie eine Webhook-Adresse aus (…/rest/&lt;id&gt;/&lt;schlüssel&gt;/).</translation>
    </message>
    <message>
        <source>The address looks right.</source>
        <translation>Die Adresse sieht richtig aus.</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>Logging to a file is off in this run.</source>
        <translation>In dieser Sitzung wird nicht in eine Datei protokolliert.</translation>
    </message>
    <message>
        <source>The details are in the log file: {0}</source>
        <translation>Die Einzelheiten stehen in der Protokolldatei: {0}</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>Etwas ist schiefgegangen: {0}</translation>
    </message>
    <message>
        <source>Nothing is lost: every change made so far is in the journal, and an interrupted handover is offered for resume at the next start.</source>
        <translation>Nichts geht verloren: Jede bisherige Änderung ist im Übergabeprotokoll festgehalten, und eine unterbrochene Übergabe wird beim nächsten Start zur Fortsetzung angeboten.</translation>
    </message>
    <message>
        <source>desktop_handover: unexpected error</source>
        <translation>desktop_handover: unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
</context>
<context>
    <name>CrmItemsModel</name>
    <message>
        <source>Selected</source>
        <translation>Ausgewählt</translation>
    </message>
    <message>
        <source>Tick every loaded row (Ctrl+A)</source>
        <translation>Alle geladenen Zeilen markieren (Strg+A)</translation>
    </message>
</context>
<context>
    <name>EmployeePickerDialog</name>
    <message>
        <source>Choose the departing employee</source>
        <translation>Ausscheidenden Mitarbeiter wählen</translation>
    </message>
    <message>
        <source>Search by name, position or department…</source>
        <translation>Nach Name, Position oder Abteilung suchen…</translation>
    </message>
    <message>
        <source>Dismissed, still owning items</source>
        <translation>Deaktiviert, mit noch zugewiesenen Elementen</translation>
    </message>
    <message>
        <source>Active employees</source>
        <translation>Aktive Mitarbeiter</translation>
    </message>
    <message>
        <source>&amp;Dismissed, still owning items</source>
        <translation>&amp;Deaktiviert, mit noch zugewiesenen Elementen</translation>
    </message>
    <message>
        <source>&amp;Active employees</source>
        <translation>&amp;Aktive Mitarbeiter</translation>
    </message>
    <message>
        <source>Hand over this person&apos;s items</source>
        <translation>Elemente dieser Person übergeben</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>desktop_handover — {0}</source>
        <translation>desktop_handover — {0}</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Choose the departing employee to begin.</source>
        <translation>Wählen Sie zu Beginn den ausscheidenden Mitarbeiter.</translation>
    </message>
    <message>
        <source>Preview plan</source>
        <translation>Planvorschau</translation>
    </message>
    <message>
        <source>What goes to whom (Ctrl+Enter)</source>
        <translation>Was geht an wen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>Übergeben</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About desktop_handover</source>
        <translation>Ü&amp;ber desktop_handover</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>{0}: {1} items (Ctrl+{2})</source>
        <translation>{0}: {1} Elemente (Strg+{2})</translation>
    </message>
    <message>
        <source>Hand over {0}{1} ▶</source>
        <translation>{0}{1} übergeben ▶</translation>
    </message>
    <message>
        <source>Logging to a file is off in this run.</source>
        <translation>In dieser Sitzung wird nicht in eine Datei protokolliert.</translation>
    </message>
    <message>
        <source>Open {0} in the file manager</source>
        <translation>{0} im Dateimanager öffnen</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Unternehmen</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Angebote</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Rechnungen</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Aktivitäten</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} s</translation>
    </message>
    <message>
        <source>{0} min {1} s</source>
        <translation>{0} min {1} s</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} Std. {1} min</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>noch nicht gesendet</translation>
    </message>
    <message>
        <source>sent, waiting for the portal</source>
        <translation>gesendet, warte auf Bitrix24</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>übergeben</translation>
    </message>
    <message>
        <source>skipped: someone else took it meanwhile</source>
        <translation>übersprungen: inzwischen von jemand anderem übernommen</translation>
    </message>
    <message>
        <source>skipped: deleted or no longer visible</source>
        <translation>übersprungen: gelöscht oder nicht mehr sichtbar</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>unknown: the portal&apos;s reply was lost</source>
        <translation>unbekannt: die Antwort von Bitrix24 ging verloren</translation>
    </message>
    <message>
        <source>the portal refused: no permission to change it</source>
        <translation>Bitrix24 hat abgelehnt: keine Berechtigung zum Ändern</translation>
    </message>
    <message>
        <source>the portal could not be reached</source>
        <translation>Bitrix24 ist nicht erreichbar</translation>
    </message>
    <message>
        <source>the portal&apos;s time budget for this method is spent</source>
        <translation>das Zeitbudget von Bitrix24 für diese Methode ist aufgebraucht</translation>
    </message>
    <message>
        <source>the portal&apos;s rate limit</source>
        <translation>das Anfragelimit von Bitrix24</translation>
    </message>
    <message>
        <source>the webhook lacks a permission (scope)</source>
        <translation>dem Webhook fehlt eine Berechtigung (Scope)</translation>
    </message>
    <message>
        <source>the webhook&apos;s secret is wrong or revoked</source>
        <translation>der Schlüssel des Webhooks ist falsch oder widerrufen</translation>
    </message>
    <message>
        <source>not found on the portal</source>
        <translation>in Bitrix24 nicht gefunden</translation>
    </message>
    <message>
        <source>the portal had an internal error</source>
        <translation>interner Fehler in Bitrix24</translation>
    </message>
    <message>
        <source>Waiting for the portal&apos;s rate limit: {0}</source>
        <translation>Warte auf das Anfragelimit von Bitrix24: {0}</translation>
    </message>
    <message>
        <source>Waiting for the portal&apos;s time budget: {0}</source>
        <translation>Warte auf das Zeitbudget von Bitrix24: {0}</translation>
    </message>
    <message>
        <source>The portal did not answer; trying again in {0}</source>
        <translation>Bitrix24 antwortet nicht; neuer Versuch in {0}</translation>
    </message>
    <message>
        <source>Checking the plan…</source>
        <translation>Plan wird geprüft…</translation>
    </message>
    <message>
        <source>Listing the selected items on the portal…</source>
        <translation>Ausgewählte Elemente werden aus Bitrix24 abgerufen…</translation>
    </message>
    <message>
        <source>Handing over…</source>
        <translation>Übergabe läuft…</translation>
    </message>
    <message>
        <source>Adding timeline notes…</source>
        <translation>Kommentare im Verlauf werden hinzugefügt…</translation>
    </message>
    <message>
        <source>Sending summary messages…</source>
        <translation>Zusammenfassungen werden gesendet…</translation>
    </message>
    <message>
        <source>Checking that nothing is left…</source>
        <translation>Es wird geprüft, ob nichts übrig ist…</translation>
    </message>
    <message>
        <source>Dismissing the employee…</source>
        <translation>Mitarbeiter wird deaktiviert…</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>user #{0}</source>
        <translation>Nutzer Nr. {0}</translation>
    </message>
    <message>
        <source>Nothing is selected: tick some items first.</source>
        <translation>Nichts ausgewählt: Markieren Sie zuerst Elemente.</translation>
    </message>
    <message>
        <source>Choose a successor first.</source>
        <translation>Wählen Sie zuerst einen Nachfolger.</translation>
    </message>
    <message>
        <source>{0} is the departing employee and cannot be a successor.</source>
        <translation>{0} ist der ausscheidende Mitarbeiter und kann nicht Nachfolger sein.</translation>
    </message>
    <message>
        <source>{0} is dismissed and cannot be a successor.</source>
        <translation>{0} ist deaktiviert und kann nicht Nachfolger sein.</translation>
    </message>
    <message>
        <source>{0} is not an employee of this portal.</source>
        <translation>{0} ist kein Mitarbeiter dieses Bitrix24-Accounts.</translation>
    </message>
    <message>
        <source>The webhook belongs to the departing employee: it stops working when they are dismissed. Create the webhook as an administrator and connect with it.</source>
        <translation>Der Webhook gehört dem ausscheidenden Mitarbeiter: Er funktioniert nach der Deaktivierung nicht mehr. Erstellen Sie den Webhook als Administrator und verbinden Sie sich damit.</translation>
    </message>
    <message>
        <source>This section has no stages: choose “All” instead of open or closed.</source>
        <translation>Dieser Bereich hat keine Phasen: Wählen Sie „Alle“ statt „Offen“ oder „Abgeschlossen“.</translation>
    </message>
    <message>
        <source>A section appears twice in the plan.</source>
        <translation>Ein Bereich kommt im Plan zweimal vor.</translation>
    </message>
    <message>
        <source>Confirm the dismissal first.</source>
        <translation>Bestätigen Sie zuerst die Deaktivierung.</translation>
    </message>
    <message>
        <source>This handover is not in the journal.</source>
        <translation>Diese Übergabe steht nicht im Protokoll.</translation>
    </message>
    <message>
        <source>This handover has finished and cannot be resumed.</source>
        <translation>Diese Übergabe ist abgeschlossen und kann nicht fortgesetzt werden.</translation>
    </message>
    <message>
        <source>This handover cannot be undone (nothing was moved).</source>
        <translation>Diese Übergabe kann nicht rückgängig gemacht werden (es wurde nichts übertragen).</translation>
    </message>
    <message>
        <source>Connected to {0} as {1}. Everything needed is allowed.</source>
        <translation>Verbunden mit {0} als {1}. Alle nötigen Berechtigungen sind vorhanden.</translation>
    </message>
    <message>
        <source>Without the {0} scope the summary message to successors is not sent.</source>
        <translation>Ohne die Berechtigung {0} erhalten die Nachfolger keine Zusammenfassung.</translation>
    </message>
    <message>
        <source>This is not a webhook address. Copy it from Bitrix24 → Developer resources → Other → Inbound webhook; it looks like https://yourcompany.bitrix24.com/rest/1/abc123…/</source>
        <translation>Das ist keine Webhook-Adresse. Kopieren Sie sie in Bitrix24 → Entwicklerressourcen → Andere → Eingehender Webhook; sie sieht so aus: https://ihrefirma.bitrix24.de/rest/1/abc123…/</translation>
    </message>
    <message>
        <source>The address must start with https:// (Bitrix24 refuses webhooks over plain http).</source>
        <translation>Die Adresse muss mit https:// beginnen (Bitrix24 lehnt Webhooks über einfaches http ab).</translation>
    </message>
    <message>
        <source>The portal could not be reached. Check the address and your internet connection.</source>
        <translation>Bitrix24 ist nicht erreichbar. Prüfen Sie die Adresse und Ihre Internetverbindung.</translation>
    </message>
    <message>
        <source>This address does not answer like a Bitrix24 portal. Check the address.</source>
        <translation>Unter dieser Adresse antwortet kein Bitrix24. Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The portal refused the webhook: its secret is wrong, or the webhook was deleted or regenerated. Copy the address again from Developer resources.</source>
        <translation>Bitrix24 hat den Webhook abgelehnt: Der Schlüssel ist falsch, oder der Webhook wurde gelöscht oder neu erzeugt. Kopieren Sie die Adresse erneut aus den Entwicklerressourcen.</translation>
    </message>
    <message>
        <source>The webhook belongs to a dismissed employee, so it no longer works. Create a new webhook as an active administrator.</source>
        <translation>Der Webhook gehört einem deaktivierten Mitarbeiter und funktioniert daher nicht mehr. Erstellen Sie einen neuen Webhook als aktiver Administrator.</translation>
    </message>
    <message>
        <source>This portal&apos;s plan does not include REST access (it is available on commercial plans only).</source>
        <translation>Der Tarif dieses Accounts enthält keinen REST-Zugriff (nur in kommerziellen Tarifen verfügbar).</translation>
    </message>
    <message>
        <source>The portal has blocked this webhook for too many requests. Wait, or ask Bitrix24 support to unblock it.</source>
        <translation>Bitrix24 hat diesen Webhook wegen zu vieler Anfragen gesperrt. Warten Sie, oder bitten Sie den Bitrix24-Support um Entsperrung.</translation>
    </message>
    <message>
        <source>The webhook lacks permissions. Edit it in Bitrix24 → Developer resources, tick {0}, and save.</source>
        <translation>Dem Webhook fehlen Berechtigungen. Bearbeiten Sie ihn in Bitrix24 → Entwicklerressourcen, aktivieren Sie {0} und speichern Sie.</translation>
    </message>
    <message>
        <source>The webhook&apos;s owner is not a portal administrator, so it cannot see or change every employee&apos;s items. Create the webhook as an administrator.</source>
        <translation>Der Eigentümer des Webhooks ist kein Bitrix24-Administrator und kann daher nicht die Elemente aller Mitarbeiter sehen oder ändern. Erstellen Sie den Webhook als Administrator.</translation>
    </message>
    <message>
        <source>The portal no longer accepts these tokens (the refresh token expired or was replaced). Sign in again: reinstall the local application to get new tokens.</source>
        <translation>Bitrix24 akzeptiert diese Tokens nicht mehr (das Aktualisierungstoken ist abgelaufen oder wurde ersetzt). Melden Sie sich erneut an: Installieren Sie die lokale Anwendung neu, um neue Tokens zu erhalten.</translation>
    </message>
    <message>
        <source>The client ID or client secret is wrong. Copy them again from the local application in Bitrix24 → Developer resources.</source>
        <translation>Client-ID oder Client-Secret ist falsch. Kopieren Sie beide erneut aus der lokalen Anwendung in Bitrix24 → Entwicklerressourcen.</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <source>Departing employee</source>
        <translation>Ausscheidender Mitarbeiter</translation>
    </message>
    <message>
        <source>Items owned per section</source>
        <translation>Elemente je Bereich</translation>
    </message>
    <message>
        <source>Change employee…</source>
        <translation>Mitarbeiter ändern…</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Successors</source>
        <translation>Nachfolger</translation>
    </message>
    <message>
        <source>Add successor…</source>
        <translation>Nachfolger hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the chosen successor</source>
        <translation>Gewählten Nachfolger entfernen</translation>
    </message>
    <message>
        <source>All to the first successor</source>
        <translation>Alles an den ersten Nachfolger</translation>
    </message>
    <message>
        <source>Evenly between the successors</source>
        <translation>Gleichmäßig auf die Nachfolger verteilen</translation>
    </message>
    <message>
        <source>By pipeline</source>
        <translation>Nach Pipeline</translation>
    </message>
    <message>
        <source>How to split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <source>Keep related items together</source>
        <translation>Verknüpfte Elemente zusammen übergeben</translation>
    </message>
    <message>
        <source>Contacts, companies, activities and tasks go to whoever gets the deal, lead or other item they belong to</source>
        <translation>Kontakte, Unternehmen, Aktivitäten und Aufgaben gehen an die Person, die den Auftrag, Lead oder das andere Element erhält, zu dem sie gehören</translation>
    </message>
    <message>
        <source>Plan summary</source>
        <translation>Zusammenfassung des Plans</translation>
    </message>
    <message>
        <source>What still stops the handover</source>
        <translation>Was die Übergabe noch verhindert</translation>
    </message>
    <message>
        <source>&amp;Split:</source>
        <translation>&amp;Aufteilung:</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>Counting items…</source>
        <translation>Elemente werden gezählt…</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>Zugewiesene Elemente</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Pipeline {0}</source>
        <translation>Pipeline {0}</translation>
    </message>
    <message>
        <source>{0}{1} requests, about {2}</source>
        <translation>{0}{1} Anfragen, etwa {2}</translation>
    </message>
    <message>
        <source>Nothing selected yet: tick items in the tabs.</source>
        <translation>Noch nichts ausgewählt: Markieren Sie Elemente in den Registerkarten.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Preview: {0}&apos;s items</source>
        <translation>Vorschau: Elemente von {0}</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Successor</source>
        <translation>Nachfolger</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>What goes to whom</source>
        <translation>Was geht an wen</translation>
    </message>
    <message>
        <source>{0}{1} items · {2} requests · about {3}</source>
        <translation>{0}{1} Elemente · {2} Anfragen · etwa {3}</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>No live-feed post per item (leads, deals, contacts, companies, quotes)</source>
        <translation>Kein Beitrag im Activity Stream je Element (Leads, Aufträge, Kontakte, Unternehmen, Angebote)</translation>
    </message>
    <message>
        <source>Bitrix24 posts nothing about the change in the live feed (REGISTER_SONET_EVENT=N). Other sections have no such switch.</source>
        <translation>Bitrix24 veröffentlicht keinen Beitrag über die Änderung im Activity Stream (REGISTER_SONET_EVENT=N). Andere Bereiche haben keinen solchen Schalter.</translation>
    </message>
    <message>
        <source>Add a timeline note to each item</source>
        <translation>Jedem Element einen Kommentar im Verlauf hinzufügen</translation>
    </message>
    <message>
        <source>Send each successor one summary message</source>
        <translation>Jedem Nachfolger eine Zusammenfassung senden</translation>
    </message>
    <message>
        <source>Dismiss {0} at the end (when nothing is left)</source>
        <translation>{0} am Ende deaktivieren (wenn nichts übrig ist)</translation>
    </message>
    <message>
        <source>Yes, dismiss {0}: they can no longer log in</source>
        <translation>Ja, {0} deaktivieren: Anmeldung danach nicht mehr möglich</translation>
    </message>
    <message>
        <source>Automation rules and business processes run for every changed item, as when the responsible person is changed by hand.</source>
        <translation>Automatisierungsregeln und Geschäftsprozesse laufen für jedes geänderte Element, wie bei einer manuellen Änderung der verantwortlichen Person.</translation>
    </message>
    <message>
        <source>Only leads, deals, contacts, companies and quotes can be handed over without a live-feed post. For the other sections Bitrix24 may still notify the new responsible person about each item.</source>
        <translation>Nur Leads, Aufträge, Kontakte, Unternehmen und Angebote lassen sich ohne Beitrag im Activity Stream übergeben. In den anderen Bereichen kann Bitrix24 die neue verantwortliche Person weiterhin über jedes Element benachrichtigen.</translation>
    </message>
    <message>
        <source>The webhook belongs to the departing employee; it stops working when they are dismissed.</source>
        <translation>Der Webhook gehört dem ausscheidenden Mitarbeiter; er funktioniert nach der Deaktivierung nicht mehr.</translation>
    </message>
    <message>
        <source>The plan may include closed items; Bitrix24 advises reassigning them too.</source>
        <translation>Der Plan kann abgeschlossene Elemente enthalten; Bitrix24 empfiehlt, auch diese zu übergeben.</translation>
    </message>
    <message>
        <source>Some “for all” sections are not fully loaded; their counts are estimates. The run lists them on the portal first.</source>
        <translation>Einige Bereiche mit „Für alle“ sind nicht vollständig geladen; ihre Zahlen sind geschätzt. Die Übergabe ruft sie zuerst vollständig aus Bitrix24 ab.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Hand over {0} items</source>
        <translation>{0} Elemente übergeben</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Handing over {0}&apos;s items</source>
        <translation>Elemente von {0} werden übergeben</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Start…</translation>
    </message>
    <message>
        <source>Done, skipped and failed</source>
        <translation>Erledigt, übersprungen und fehlgeschlagen</translation>
    </message>
    <message>
        <source>Current wait</source>
        <translation>Aktuelle Wartezeit</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Items not handed over, with reasons</source>
        <translation>Nicht übergebene Elemente mit Gründen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop after the batch in flight</source>
        <translation>Nach dem laufenden Anfragepaket anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Fehlgeschlagene wiederholen</translation>
    </message>
    <message>
        <source>Export report (CSV)…</source>
        <translation>Bericht exportieren (CSV)…</translation>
    </message>
    <message>
        <source>Undo this handover</source>
        <translation>Diese Übergabe rückgängig machen</translation>
    </message>
    <message>
        <source>Dismiss {0}…</source>
        <translation>{0} deaktivieren…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>{0} progress</source>
        <translation>Fortschritt: {0}</translation>
    </message>
    <message>
        <source>{0} done · {1} skipped (someone else took them) · {2} failed</source>
        <translation>{0} erledigt · {1} übersprungen (von jemand anderem übernommen) · {2} fehlgeschlagen</translation>
    </message>
    <message>
        <source>{0} items/s · about {1} left</source>
        <translation>{0} Elemente/s · noch etwa {1}</translation>
    </message>
    <message>
        <source>{0} done · {1} skipped · {2} failed</source>
        <translation>{0} erledigt · {1} übersprungen · {2} fehlgeschlagen</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Undo finished.</source>
        <translation>Rückgängig machen abgeschlossen.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Residue check: {0} selected items left with {1}.</source>
        <translation>Restprüfung: {0} ausgewählte Elemente noch bei {1}.</translation>
    </message>
    <message>
        <source>{0} has been dismissed.</source>
        <translation>{0} wurde deaktiviert.</translation>
    </message>
    <message>
        <source>{0} was already dismissed.</source>
        <translation>{0} war bereits deaktiviert.</translation>
    </message>
    <message>
        <source>{0} was not dismissed: items are left or failed.</source>
        <translation>{0} wurde nicht deaktiviert: Es sind Elemente übrig oder fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Dismissing {0} failed.</source>
        <translation>Deaktivieren von {0} fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Stopping after the batch in flight…</source>
        <translation>Anhalten nach dem laufenden Anfragepaket…</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>The portal stopped answering ({0}). Nothing is lost: resume later.</source>
        <translation>Bitrix24 antwortet nicht mehr ({0}). Nichts ist verloren: Setzen Sie später fort.</translation>
    </message>
    <message>
        <source>Cancelled. The batch in flight was finished and recorded.</source>
        <translation>Abgebrochen. Das laufende Anfragepaket wurde abgeschlossen und protokolliert.</translation>
    </message>
</context>
<context>
    <name>SearchLine</name>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
</context>
<context>
    <name>SectionController</name>
    <message>
        <source>Loading stopped: {0}. The rows loaded so far are kept.</source>
        <extracomment>Rows appended per step; between steps the loop gets a turn, so no step stalls it long. Rows loaded without asking; past it, loading pauses until the view scrolls to the end.</extracomment>
        <translation>Laden abgebrochen: {0}. Die bisher geladenen Zeilen bleiben erhalten.</translation>
    </message>
</context>
<context>
    <name>SectionTab</name>
    <message>
        <source>Search in {0}…</source>
        <translation>Suchen in „{0}“…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Show open, closed or all items</source>
        <translation>Offene, abgeschlossene oder alle Elemente anzeigen</translation>
    </message>
    <message>
        <source>Load again from the portal</source>
        <translation>Erneut aus Bitrix24 laden</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>Ladefortschritt</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} von {1}</translation>
    </message>
    <message>
        <source>Loading and selection status</source>
        <translation>Lade- und Auswahlstatus</translation>
    </message>
    <message>
        <source>Every item of this person in this section on the portal, loaded or not. Untick rows to leave them out. (Ctrl+Shift+A)</source>
        <translation>Alle Elemente dieser Person in diesem Bereich in Bitrix24, geladen oder nicht. Entfernen Sie Markierungen, um Zeilen auszulassen. (Strg+Umschalt+A)</translation>
    </message>
    <message>
        <source>Assign selected to successor…</source>
        <translation>Ausgewählte einem Nachfolger zuweisen…</translation>
    </message>
    <message>
        <source>Choose who receives the ticked items of this section</source>
        <translation>Wählen Sie, wer die markierten Elemente dieses Bereichs erhält</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>all {0} except {1}</source>
        <translation>alle {0} außer {1}</translation>
    </message>
    <message>
        <source>all {0}</source>
        <translation>alle {0}</translation>
    </message>
    <message>
        <source>Loaded {0} of {1}</source>
        <translation>{0} von {1} geladen</translation>
    </message>
    <message>
        <source>{0} · {1} selected</source>
        <translation>{0} · {1} ausgewählt</translation>
    </message>
    <message>
        <source>For all ({0} {1}, incl. not loaded)</source>
        <translation>Für alle ({0} {1}, auch nicht geladene)</translation>
    </message>
    <message>
        <source>{0} owns no {1}.</source>
        <translation>{0} hat keine {1}.</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>Interrupted handover</source>
        <translation>Unterbrochene Übergabe</translation>
    </message>
    <message>
        <source>The handover of {0}&apos;s items started {1} did not finish ({2} of {3} done). Resume it now? Nothing is done twice.</source>
        <translation>Die am {1} begonnene Übergabe der Elemente von {0} wurde nicht beendet ({2} von {3} erledigt). Jetzt fortsetzen? Nichts wird doppelt ausgeführt.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>Assign the selected items to…</source>
        <translation>Ausgewählte Elemente zuweisen an…</translation>
    </message>
    <message>
        <source>{0} has been dismissed.</source>
        <translation>{0} wurde deaktiviert.</translation>
    </message>
    <message>
        <source>Dismissing {0} failed: {1}</source>
        <translation>Deaktivieren von {0} fehlgeschlagen: {1}</translation>
    </message>
    <message>
        <source>Undo this handover</source>
        <translation>Diese Übergabe rückgängig machen</translation>
    </message>
    <message>
        <source>Give every item this handover moved back to its previous responsible person? Items changed since are left alone.</source>
        <translation>Alle durch diese Übergabe übertragenen Elemente an ihre vorherige verantwortliche Person zurückgeben? Seitdem geänderte Elemente bleiben unverändert.</translation>
    </message>
    <message>
        <source>Undoing the handover</source>
        <translation>Übergabe wird rückgängig gemacht</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Report saved to {0}.</source>
        <translation>Bericht gespeichert unter {0}.</translation>
    </message>
    <message>
        <source>Dismiss employee</source>
        <translation>Mitarbeiter deaktivieren</translation>
    </message>
    <message>
        <source>Dismiss {0}? They will no longer be able to log in to Bitrix24. An administrator can hire them again later.</source>
        <translation>{0} deaktivieren? Die Anmeldung bei Bitrix24 ist dann nicht mehr möglich. Ein Administrator kann die Person später wieder einstellen.</translation>
    </message>
    <message>
        <source>Dismiss {0}</source>
        <translation>{0} deaktivieren</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Wie im System</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Items shown in new tabs</source>
        <translation>In neuen Registerkarten angezeigte Elemente</translation>
    </message>
    <message>
        <source>Standard (bursts of 50 requests, then 2 per second)</source>
        <translation>Standard (bis zu 50 Anfragen am Stück, dann 2 pro Sekunde)</translation>
    </message>
    <message>
        <source>Enterprise (bursts of 250 requests, then 5 per second)</source>
        <translation>Enterprise (bis zu 250 Anfragen am Stück, dann 5 pro Sekunde)</translation>
    </message>
    <message>
        <source>Rate plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Choose your Bitrix24 plan: it sets how fast the app may send requests.</source>
        <translation>Wählen Sie Ihren Bitrix24-Tarif: Er bestimmt, wie schnell die App Anfragen senden darf.</translation>
    </message>
    <message>
        <source>Journal folder</source>
        <translation>Ordner für Übergabeprotokolle</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>New tabs &amp;show:</source>
        <translation>Neue Registerkarten &amp;zeigen:</translation>
    </message>
    <message>
        <source>&amp;Rate plan:</source>
        <translation>&amp;Tarif:</translation>
    </message>
    <message>
        <source>&amp;Journal folder:</source>
        <translation>&amp;Ordner für Übergabeprotokolle:</translation>
    </message>
    <message>
        <source>No live-feed post per item (leads, deals, contacts, companies, quotes)</source>
        <translation>Kein Beitrag im Activity Stream je Element (Leads, Aufträge, Kontakte, Unternehmen, Angebote)</translation>
    </message>
    <message>
        <source>Bitrix24 posts nothing about the change in the live feed (REGISTER_SONET_EVENT=N). Other sections have no such switch.</source>
        <translation>Bitrix24 veröffentlicht keinen Beitrag über die Änderung im Activity Stream (REGISTER_SONET_EVENT=N). Andere Bereiche haben keinen solchen Schalter.</translation>
    </message>
    <message>
        <source>Add a timeline note to each item</source>
        <translation>Jedem Element einen Kommentar im Verlauf hinzufügen</translation>
    </message>
    <message>
        <source>Send each successor one summary message</source>
        <translation>Jedem Nachfolger eine Zusammenfassung senden</translation>
    </message>
    <message>
        <source>Handover options for new plans</source>
        <translation>Übergabeoptionen für neue Pläne</translation>
    </message>
    <message>
        <source>Choose the journal folder</source>
        <translation>Ordner für Übergabeprotokolle wählen</translation>
    </message>
</context>
<context>
    <name>SuccessorPickerDialog</name>
    <message>
        <source>Choose the successor</source>
        <translation>Nachfolger wählen</translation>
    </message>
    <message>
        <source>Search by name, position or department…</source>
        <translation>Nach Name, Position oder Abteilung suchen…</translation>
    </message>
    <message>
        <source>Active employees</source>
        <translation>Aktive Mitarbeiter</translation>
    </message>
    <message>
        <source>Hold Ctrl to choose several people.</source>
        <translation>Halten Sie Strg gedrückt, um mehrere Personen zu wählen.</translation>
    </message>
    <message>
        <source>Recently chosen successors come first.</source>
        <translation>Zuletzt gewählte Nachfolger stehen oben.</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>Wählen</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Name</source>
        <extracomment>Counts role: the user&apos;s per-section item counts (a Mapping, or None while unknown). Group role: 0 dismissed still owning items, 1 active, 2 dismissed owning nothing (or unknown).</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Abteilung</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>Zugewiesene Elemente</translation>
    </message>
    <message>
        <source>Counting items…</source>
        <translation>Elemente werden gezählt…</translation>
    </message>
    <message>
        <source>Owns no items</source>
        <translation>Keine Elemente</translation>
    </message>
    <message>
        <source>{0} (dismissed)</source>
        <translation>{0} (deaktiviert)</translation>
    </message>
</context>
</TS>
