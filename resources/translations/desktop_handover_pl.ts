<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About desktop_handover</source>
        <translation>O programie desktop_handover</translation>
    </message>
    <message>
        <source>Version {0}</source>
        <translation>Wersja {0}</translation>
    </message>
    <message>
        <source>Hands a departing employee&apos;s Bitrix24 CRM items over to colleagues, with a plan, a journal and undo.</source>
        <translation>Przekazuje elementy CRM Bitrix24 odchodzącego pracownika współpracownikom — z planem, dziennikiem i możliwością cofnięcia.</translation>
    </message>
    <message>
        <source>Free software under the {0} licence.</source>
        <translation>Wolne oprogramowanie na licencji {0}.</translation>
    </message>
    <message>
        <source>Third-party software and licences</source>
        <translation>Oprogramowanie innych producentów i licencje</translation>
    </message>
    <message>
        <source>Qt {0} and PySide6 {1}</source>
        <translation>Qt {0} i PySide6 {1}</translation>
    </message>
    <message>
        <source>This program uses the Qt libraries through PySide6, under the GNU Lesser General Public License version 3 (LGPLv3). Qt is shipped unmodified and linked dynamically: you may replace the Qt and PySide6 libraries in the program&apos;s folder with your own build of the same version.</source>
        <translation>Ten program korzysta z bibliotek Qt za pośrednictwem PySide6 na licencji GNU Lesser General Public License w wersji 3 (LGPLv3). Qt jest dostarczane bez zmian i łączone dynamicznie: biblioteki Qt i PySide6 w folderze programu możesz zastąpić własną kompilacją tej samej wersji.</translation>
    </message>
    <message>
        <source>Licence text: {0}</source>
        <translation>Tekst licencji: {0}</translation>
    </message>
    <message>
        <source>Qt source code: {0}</source>
        <translation>Kod źródłowy Qt: {0}</translation>
    </message>
    <message>
        <source>PySide6 source code: {0}</source>
        <translation>Kod źródłowy PySide6: {0}</translation>
    </message>
    <message>
        <source>Python {0}: Python Software Foundation License ({1})</source>
        <translation>Python {0}: licencja Python Software Foundation ({1})</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Message</source>
        <translation>Komunikat</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Title</source>
        <extracomment>Every column a section may ask for, by ItemRef attribute.</extracomment>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etap</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Lejek</translation>
    </message>
    <message>
        <source>closed ✓</source>
        <translation>zamknięte ✓</translation>
    </message>
    <message>
        <source>open ○</source>
        <translation>otwarte ○</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Ogólny</translation>
    </message>
    <message>
        <source>Pipeline {0}</source>
        <translation>Lejek {0}</translation>
    </message>
    <message>
        <source>Company #{0}</source>
        <translation>Firma nr {0}</translation>
    </message>
    <message>
        <source>Contact #{0}</source>
        <translation>Kontakt nr {0}</translation>
    </message>
    <message>
        <source>Company / contact</source>
        <translation>Firma / kontakt</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Zmodyfikowano</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Termin</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>Powiązane z</translation>
    </message>
    <message>
        <source></source>
        <extracomment>The checkbox column, always first.</extracomment>
        <translation></translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>The &quot;To&quot; column: the successor the plan gives the row (filled by the model).</extracomment>
        <translation>Komu</translation>
    </message>
</context>
<context>
    <name>ConnectController</name>
    <message>
        <source>The portal answered the test but not the connection. Try again.</source>
        <extracomment>check_oauth_connection / open_portal_oauth bound to the app&apos;s transport and limits; the hook receives each rotated token pair (bitrix24-api.md §1.2).</extracomment>
        <translation>Bitrix24 odpowiedział na test, ale nie na połączenie. Spróbuj ponownie.</translation>
    </message>
    <message>
        <source>No system keychain is available: the tokens are kept for this session only.</source>
        <translation>Brak systemowego magazynu haseł: tokeny zostaną zapamiętane tylko na tę sesję.</translation>
    </message>
    <message>
        <source>No system keychain is available: the webhook is kept for this session only.</source>
        <translation>Brak systemowego magazynu haseł: webhook zostanie zapamiętany tylko na tę sesję.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to Bitrix24</source>
        <translation>Połącz z Bitrix24</translation>
    </message>
    <message>
        <source>Remembered portals</source>
        <translation>Zapamiętane konta Bitrix24</translation>
    </message>
    <message>
        <source>New portal…</source>
        <translation>Nowe konto…</translation>
    </message>
    <message>
        <source>e.g. Acme</source>
        <translation>np. Acme</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Nazwa profilu</translation>
    </message>
    <message>
        <source>Incoming webhook (recommended)</source>
        <translation>Webhook przychodzący (zalecane)</translation>
    </message>
    <message>
        <source>OAuth application</source>
        <translation>Aplikacja OAuth</translation>
    </message>
    <message>
        <source>Not available in this version; use a webhook.</source>
        <translation>Niedostępne w tej wersji; użyj webhooka.</translation>
    </message>
    <message>
        <source>Portal address</source>
        <translation>Adres konta Bitrix24</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Identyfikator klienta (client ID)</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Klucz klienta (client secret)</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Token dostępu</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Token odświeżania</translation>
    </message>
    <message>
        <source>Webhook address</source>
        <translation>Adres webhooka</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Pokaż</translation>
    </message>
    <message>
        <source>Show the webhook address</source>
        <translation>Pokaż adres webhooka</translation>
    </message>
    <message>
        <source>Address check</source>
        <translation>Sprawdzenie adresu</translation>
    </message>
    <message>
        <source>Create the webhook as an administrator: Bitrix24 → Developer resources → Other → Inbound webhook; tick CRM, Users, Departments, Tasks and Chat (im).</source>
        <translation>Utwórz webhook jako administrator: Bitrix24 → Zasoby dla deweloperów → Inne → Webhook przychodzący; zaznacz CRM (crm), Użytkownicy (user), Działy (department), Zadania (task) i Czat (im).</translation>
    </message>
    <message>
        <source>Add a local application as an administrator (Bitrix24 → Developer resources → Other → Local application); its install callback receives the access and refresh tokens, and its settings show the client ID and secret.</source>
        <translation>Dodaj aplikację lokalną jako administrator (Bitrix24 → Zasoby dla deweloperów → Inne → Aplikacja lokalna); jej adres instalacyjny otrzyma token dostępu i token odświeżania, a w jej ustawieniach znajdziesz identyfikator i klucz klienta.</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Sprawdź połączenie</translation>
    </message>
    <message>
        <source>No system keychain is available: the webhook will be kept for this session only and asked for again next time.</source>
        <translation>Brak systemowego magazynu haseł: webhook zostanie zapamiętany tylko na tę sesję, a przy następnym uruchomieniu trzeba będzie podać go ponownie.</translation>
    </message>
    <message>
        <source>&amp;Portal:</source>
        <translation>&amp;Konto:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nazwa:</translation>
    </message>
    <message>
        <source>Sign-in:</source>
        <translation>Logowanie:</translation>
    </message>
    <message>
        <source>&amp;Webhook:</source>
        <translation>&amp;Webhook:</translation>
    </message>
    <message>
        <source>Portal &amp;address:</source>
        <translation>&amp;Adres konta:</translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation>&amp;Identyfikator klienta:</translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation>K&amp;lucz klienta:</translation>
    </message>
    <message>
        <source>A&amp;ccess token:</source>
        <translation>&amp;Token dostępu:</translation>
    </message>
    <message>
        <source>&amp;Refresh token:</source>
        <translation>Token &amp;odświeżania:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Połącz</translation>
    </message>
    <message>
        <source>Asking the portal…</source>
        <translation>Łączenie z Bitrix24…</translation>
    </message>
    <message>
        <source>Enter the portal address.</source>
        <translation>Wpisz adres konta Bitrix24.</translation>
    </message>
    <message>
        <source>This does not look like a portal address (https://…).</source>
        <translation>To nie wygląda na adres konta Bitrix24 (https://…).</translation>
    </message>
    <message>
        <source>Fill in the client ID, client secret and tokens.</source>
        <translation>Uzupełnij identyfikator i klucz klienta oraz tokeny.</translation>
    </message>
    <message>
        <source>Everything is filled in.</source>
        <translation>Wszystko jest uzupełnione.</translation>
    </message>
    <message>
        <source>Paste the webhook address.</source>
        <translation>Wklej adres webhooka.</translation>
    </message>
    <message>
        <source>The address must start with https://.</source>
        <translation>Adres musi zaczynać się od https://.</translation>
    </message>
    <message>
        <source>This does not look like a webhook address (…/rest/&lt;id&gt;/&lt;secret&gt;/).</source>
        <translation>To nie wygląda na adres webhooka (…/rest/&lt;id&gt;/&lt;klucz&gt;/).</translation>
    </message>
    <message>
        <source>The address looks right.</source>
        <translation>Adres wygląda poprawnie.</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>Logging to a file is off in this run.</source>
        <translation>W tym uruchomieniu zapis dziennika do pliku jest wyłączony.</translation>
    </message>
    <message>
        <source>The details are in the log file: {0}</source>
        <translation>Szczegóły znajdziesz w pliku dziennika: {0}</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>Coś poszło nie tak: {0}</translation>
    </message>
    <message>
        <source>Nothing is lost: every change made so far is in the journal, and an interrupted handover is offered for resume at the next start.</source>
        <translation>Nic nie zostało utracone: każda dotychczasowa zmiana jest zapisana w dzienniku przekazań, a przerwane przekazanie będzie można wznowić przy następnym uruchomieniu.</translation>
    </message>
    <message>
        <source>desktop_handover: unexpected error</source>
        <translation>desktop_handover: nieoczekiwany błąd</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Otwórz folder dziennika</translation>
    </message>
</context>
<context>
    <name>CrmItemsModel</name>
    <message>
        <source>Selected</source>
        <translation>Zaznaczone</translation>
    </message>
    <message>
        <source>Tick every loaded row (Ctrl+A)</source>
        <translation>Zaznacz wszystkie wczytane wiersze (Ctrl+A)</translation>
    </message>
</context>
<context>
    <name>EmployeePickerDialog</name>
    <message>
        <source>Choose the departing employee</source>
        <translation>Wybierz odchodzącego pracownika</translation>
    </message>
    <message>
        <source>Search by name, position or department…</source>
        <translation>Szukaj po imieniu i nazwisku, stanowisku lub dziale…</translation>
    </message>
    <message>
        <source>Dismissed, still owning items</source>
        <translation>Zwolnione osoby, które nadal mają elementy</translation>
    </message>
    <message>
        <source>Active employees</source>
        <translation>Aktywni pracownicy</translation>
    </message>
    <message>
        <source>&amp;Dismissed, still owning items</source>
        <translation>&amp;Zwolnione osoby, które nadal mają elementy</translation>
    </message>
    <message>
        <source>&amp;Active employees</source>
        <translation>&amp;Aktywni pracownicy</translation>
    </message>
    <message>
        <source>Hand over this person&apos;s items</source>
        <translation>Przekaż elementy tej osoby</translation>
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
        <translation>Sekcje</translation>
    </message>
    <message>
        <source>Choose the departing employee to begin.</source>
        <translation>Aby zacząć, wybierz odchodzącego pracownika.</translation>
    </message>
    <message>
        <source>Preview plan</source>
        <translation>Podgląd planu</translation>
    </message>
    <message>
        <source>What goes to whom (Ctrl+Enter)</source>
        <translation>Co trafi do kogo (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>Przekaż</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Ustawienia…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Zakończ</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>&amp;About desktop_handover</source>
        <translation>&amp;O programie desktop_handover</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Otwórz folder &amp;dziennika</translation>
    </message>
    <message>
        <source>{0}: {1} items (Ctrl+{2})</source>
        <translation>{0} — liczba elementów: {1} (Ctrl+{2})</translation>
    </message>
    <message>
        <source>Hand over {0}{1} ▶</source>
        <translation>Przekaż {0}{1} ▶</translation>
    </message>
    <message>
        <source>Logging to a file is off in this run.</source>
        <translation>W tym uruchomieniu zapis dziennika do pliku jest wyłączony.</translation>
    </message>
    <message>
        <source>Open {0} in the file manager</source>
        <translation>Otwórz {0} w menedżerze plików</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Leads</source>
        <translation>Leady</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Deale</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakty</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Firmy</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Oferty</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Faktury</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Aktywności</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Zadania</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>nieznane</translation>
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
        <translation>{0} godz. {1} min</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>jeszcze nie wysłano</translation>
    </message>
    <message>
        <source>sent, waiting for the portal</source>
        <translation>wysłano, czekam na odpowiedź Bitrix24</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>przekazano</translation>
    </message>
    <message>
        <source>skipped: someone else took it meanwhile</source>
        <translation>pominięto: w międzyczasie przejął go ktoś inny</translation>
    </message>
    <message>
        <source>skipped: deleted or no longer visible</source>
        <translation>pominięto: usunięty lub już niewidoczny</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>nieudane</translation>
    </message>
    <message>
        <source>unknown: the portal&apos;s reply was lost</source>
        <translation>nieznany: odpowiedź Bitrix24 nie dotarła</translation>
    </message>
    <message>
        <source>the portal refused: no permission to change it</source>
        <translation>Bitrix24 odmówił: brak uprawnień do zmiany</translation>
    </message>
    <message>
        <source>the portal could not be reached</source>
        <translation>nie udało się połączyć z Bitrix24</translation>
    </message>
    <message>
        <source>the portal&apos;s time budget for this method is spent</source>
        <translation>wyczerpano limit czasu Bitrix24 dla tej metody</translation>
    </message>
    <message>
        <source>the portal&apos;s rate limit</source>
        <translation>limit zapytań Bitrix24</translation>
    </message>
    <message>
        <source>the webhook lacks a permission (scope)</source>
        <translation>webhook nie ma wymaganego uprawnienia (zakresu)</translation>
    </message>
    <message>
        <source>the webhook&apos;s secret is wrong or revoked</source>
        <translation>klucz webhooka jest błędny lub unieważniony</translation>
    </message>
    <message>
        <source>not found on the portal</source>
        <translation>nie znaleziono w Bitrix24</translation>
    </message>
    <message>
        <source>the portal had an internal error</source>
        <translation>wewnętrzny błąd Bitrix24</translation>
    </message>
    <message>
        <source>Waiting for the portal&apos;s rate limit: {0}</source>
        <translation>Czekam na limit zapytań Bitrix24: {0}</translation>
    </message>
    <message>
        <source>Waiting for the portal&apos;s time budget: {0}</source>
        <translation>Czekam na limit czasu Bitrix24: {0}</translation>
    </message>
    <message>
        <source>The portal did not answer; trying again in {0}</source>
        <translation>Bitrix24 nie odpowiada; ponowna próba za {0}</translation>
    </message>
    <message>
        <source>Checking the plan…</source>
        <translation>Sprawdzanie planu…</translation>
    </message>
    <message>
        <source>Listing the selected items on the portal…</source>
        <translation>Pobieranie listy zaznaczonych elementów z Bitrix24…</translation>
    </message>
    <message>
        <source>Handing over…</source>
        <translation>Przekazywanie…</translation>
    </message>
    <message>
        <source>Adding timeline notes…</source>
        <translation>Dodawanie komentarzy na osi czasu…</translation>
    </message>
    <message>
        <source>Sending summary messages…</source>
        <translation>Wysyłanie wiadomości z podsumowaniem…</translation>
    </message>
    <message>
        <source>Checking that nothing is left…</source>
        <translation>Sprawdzanie, czy nic nie zostało…</translation>
    </message>
    <message>
        <source>Dismissing the employee…</source>
        <translation>Zwalnianie pracownika…</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Zakończono.</translation>
    </message>
    <message>
        <source>user #{0}</source>
        <translation>użytkownik nr {0}</translation>
    </message>
    <message>
        <source>Nothing is selected: tick some items first.</source>
        <translation>Nic nie zaznaczono: najpierw zaznacz elementy.</translation>
    </message>
    <message>
        <source>Choose a successor first.</source>
        <translation>Najpierw wybierz następcę.</translation>
    </message>
    <message>
        <source>{0} is the departing employee and cannot be a successor.</source>
        <translation>{0} to odchodzący pracownik i nie może być następcą.</translation>
    </message>
    <message>
        <source>{0} is dismissed and cannot be a successor.</source>
        <translation>{0} należy do zwolnionych osób i nie może być następcą.</translation>
    </message>
    <message>
        <source>{0} is not an employee of this portal.</source>
        <translation>{0} nie należy do pracowników tego konta Bitrix24.</translation>
    </message>
    <message>
        <source>The webhook belongs to the departing employee: it stops working when they are dismissed. Create the webhook as an administrator and connect with it.</source>
        <translation>Webhook należy do odchodzącego pracownika: przestanie działać po jego zwolnieniu. Utwórz webhook jako administrator i połącz się za jego pomocą.</translation>
    </message>
    <message>
        <source>This section has no stages: choose “All” instead of open or closed.</source>
        <translation>Ta sekcja nie ma etapów: zamiast „Otwarte” lub „Zamknięte” wybierz „Wszystkie”.</translation>
    </message>
    <message>
        <source>A section appears twice in the plan.</source>
        <translation>Sekcja występuje w planie dwa razy.</translation>
    </message>
    <message>
        <source>Confirm the dismissal first.</source>
        <translation>Najpierw potwierdź zwolnienie.</translation>
    </message>
    <message>
        <source>This handover is not in the journal.</source>
        <translation>Tego przekazania nie ma w dzienniku.</translation>
    </message>
    <message>
        <source>This handover has finished and cannot be resumed.</source>
        <translation>To przekazanie zostało zakończone i nie można go wznowić.</translation>
    </message>
    <message>
        <source>This handover cannot be undone (nothing was moved).</source>
        <translation>Tego przekazania nie można cofnąć (nic nie zostało przeniesione).</translation>
    </message>
    <message>
        <source>Connected to {0} as {1}. Everything needed is allowed.</source>
        <translation>Połączono z {0} jako {1}. Wszystkie potrzebne uprawnienia są nadane.</translation>
    </message>
    <message>
        <source>Without the {0} scope the summary message to successors is not sent.</source>
        <translation>Bez uprawnienia {0} następcy nie dostaną wiadomości z podsumowaniem.</translation>
    </message>
    <message>
        <source>This is not a webhook address. Copy it from Bitrix24 → Developer resources → Other → Inbound webhook; it looks like https://yourcompany.bitrix24.com/rest/1/abc123…/</source>
        <translation>To nie jest adres webhooka. Skopiuj go w Bitrix24 → Zasoby dla deweloperów → Inne → Webhook przychodzący; wygląda tak: https://twojafirma.bitrix24.pl/rest/1/abc123…/</translation>
    </message>
    <message>
        <source>The address must start with https:// (Bitrix24 refuses webhooks over plain http).</source>
        <translation>Adres musi zaczynać się od https:// (Bitrix24 nie przyjmuje webhooków przez zwykłe http).</translation>
    </message>
    <message>
        <source>The portal could not be reached. Check the address and your internet connection.</source>
        <translation>Nie udało się połączyć z Bitrix24. Sprawdź adres i połączenie z internetem.</translation>
    </message>
    <message>
        <source>This address does not answer like a Bitrix24 portal. Check the address.</source>
        <translation>Pod tym adresem nie odpowiada Bitrix24. Sprawdź adres.</translation>
    </message>
    <message>
        <source>The portal refused the webhook: its secret is wrong, or the webhook was deleted or regenerated. Copy the address again from Developer resources.</source>
        <translation>Bitrix24 odrzucił webhook: klucz jest błędny albo webhook usunięto lub wygenerowano ponownie. Skopiuj adres jeszcze raz z Zasobów dla deweloperów.</translation>
    </message>
    <message>
        <source>The webhook belongs to a dismissed employee, so it no longer works. Create a new webhook as an active administrator.</source>
        <translation>Webhook należy do zwolnionego pracownika, więc już nie działa. Utwórz nowy webhook jako aktywny administrator.</translation>
    </message>
    <message>
        <source>This portal&apos;s plan does not include REST access (it is available on commercial plans only).</source>
        <translation>Plan taryfowy tego konta nie obejmuje dostępu REST (jest dostępny tylko w planach komercyjnych).</translation>
    </message>
    <message>
        <source>The portal has blocked this webhook for too many requests. Wait, or ask Bitrix24 support to unblock it.</source>
        <translation>Bitrix24 zablokował ten webhook z powodu zbyt wielu zapytań. Poczekaj albo poproś wsparcie Bitrix24 o odblokowanie.</translation>
    </message>
    <message>
        <source>The webhook lacks permissions. Edit it in Bitrix24 → Developer resources, tick {0}, and save.</source>
        <translation>Webhookowi brakuje uprawnień. Edytuj go w Bitrix24 → Zasoby dla deweloperów, zaznacz {0} i zapisz.</translation>
    </message>
    <message>
        <source>The webhook&apos;s owner is not a portal administrator, so it cannot see or change every employee&apos;s items. Create the webhook as an administrator.</source>
        <translation>Właściciel webhooka nie jest administratorem Bitrix24, więc nie widzi i nie może zmieniać elementów wszystkich pracowników. Utwórz webhook jako administrator.</translation>
    </message>
    <message>
        <source>The portal no longer accepts these tokens (the refresh token expired or was replaced). Sign in again: reinstall the local application to get new tokens.</source>
        <translation>Bitrix24 nie przyjmuje już tych tokenów (token odświeżania wygasł lub został zastąpiony). Zaloguj się ponownie: zainstaluj aplikację lokalną jeszcze raz, aby dostać nowe tokeny.</translation>
    </message>
    <message>
        <source>The client ID or client secret is wrong. Copy them again from the local application in Bitrix24 → Developer resources.</source>
        <translation>Identyfikator lub klucz klienta jest błędny. Skopiuj je ponownie z aplikacji lokalnej w Bitrix24 → Zasoby dla deweloperów.</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <source>Departing employee</source>
        <translation>Odchodzący pracownik</translation>
    </message>
    <message>
        <source>Items owned per section</source>
        <translation>Elementy w poszczególnych sekcjach</translation>
    </message>
    <message>
        <source>Change employee…</source>
        <translation>Zmień pracownika…</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Successors</source>
        <translation>Następcy</translation>
    </message>
    <message>
        <source>Add successor…</source>
        <translation>Dodaj następcę…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Remove the chosen successor</source>
        <translation>Usuń wybranego następcę</translation>
    </message>
    <message>
        <source>All to the first successor</source>
        <translation>Wszystko do pierwszego następcy</translation>
    </message>
    <message>
        <source>Evenly between the successors</source>
        <translation>Równo między następców</translation>
    </message>
    <message>
        <source>By pipeline</source>
        <translation>Według lejka</translation>
    </message>
    <message>
        <source>How to split</source>
        <translation>Sposób podziału</translation>
    </message>
    <message>
        <source>Keep related items together</source>
        <translation>Przekaż powiązane elementy razem</translation>
    </message>
    <message>
        <source>Contacts, companies, activities and tasks go to whoever gets the deal, lead or other item they belong to</source>
        <translation>Kontakty, firmy, aktywności i zadania trafiają do osoby, która otrzyma deal, lead lub inny element, do którego należą</translation>
    </message>
    <message>
        <source>Plan summary</source>
        <translation>Podsumowanie planu</translation>
    </message>
    <message>
        <source>What still stops the handover</source>
        <translation>Co jeszcze blokuje przekazanie</translation>
    </message>
    <message>
        <source>&amp;Split:</source>
        <translation>&amp;Podział:</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>osoba zwolniona</translation>
    </message>
    <message>
        <source>Counting items…</source>
        <translation>Liczenie elementów…</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>Przypisane elementy</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Ogólnie</translation>
    </message>
    <message>
        <source>Pipeline {0}</source>
        <translation>Lejek {0}</translation>
    </message>
    <message>
        <source>{0}{1} requests, about {2}</source>
        <translation>Zapytania: {0}{1}, około {2}</translation>
    </message>
    <message>
        <source>Nothing selected yet: tick items in the tabs.</source>
        <translation>Jeszcze nic nie zaznaczono: zaznacz elementy na kartach.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Preview: {0}&apos;s items</source>
        <translation>Podgląd przekazania: {0}</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Sekcja</translation>
    </message>
    <message>
        <source>Successor</source>
        <translation>Następca</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elementy</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwarte</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Zamknięte</translation>
    </message>
    <message>
        <source>What goes to whom</source>
        <translation>Co trafi do kogo</translation>
    </message>
    <message>
        <source>{0}{1} items · {2} requests · about {3}</source>
        <translation>Elementy: {0}{1} · zapytania: {2} · około {3}</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Opcje</translation>
    </message>
    <message>
        <source>No live-feed post per item (leads, deals, contacts, companies, quotes)</source>
        <translation>Bez wpisu w Aktualnościach o każdym elemencie (leady, deale, kontakty, firmy, oferty)</translation>
    </message>
    <message>
        <source>Bitrix24 posts nothing about the change in the live feed (REGISTER_SONET_EVENT=N). Other sections have no such switch.</source>
        <translation>Bitrix24 nie publikuje w Aktualnościach wpisu o zmianie (REGISTER_SONET_EVENT=N). Inne sekcje nie mają takiego przełącznika.</translation>
    </message>
    <message>
        <source>Add a timeline note to each item</source>
        <translation>Dodaj komentarz na osi czasu każdego elementu</translation>
    </message>
    <message>
        <source>Send each successor one summary message</source>
        <translation>Wyślij każdemu następcy jedną wiadomość z podsumowaniem</translation>
    </message>
    <message>
        <source>Dismiss {0} at the end (when nothing is left)</source>
        <translation>Na koniec zwolnij: {0} (gdy nic nie zostanie)</translation>
    </message>
    <message>
        <source>Yes, dismiss {0}: they can no longer log in</source>
        <translation>Tak, zwolnij: {0} — ta osoba nie będzie mogła się zalogować</translation>
    </message>
    <message>
        <source>Automation rules and business processes run for every changed item, as when the responsible person is changed by hand.</source>
        <translation>Reguły automatyzacji i procesy biznesowe uruchomią się dla każdego zmienionego elementu, tak jak przy ręcznej zmianie osoby odpowiedzialnej.</translation>
    </message>
    <message>
        <source>Only leads, deals, contacts, companies and quotes can be handed over without a live-feed post. For the other sections Bitrix24 may still notify the new responsible person about each item.</source>
        <translation>Bez wpisu w Aktualnościach można przekazać tylko leady, deale, kontakty, firmy i oferty. W pozostałych sekcjach Bitrix24 może nadal powiadamiać nową osobę odpowiedzialną o każdym elemencie.</translation>
    </message>
    <message>
        <source>The webhook belongs to the departing employee; it stops working when they are dismissed.</source>
        <translation>Webhook należy do odchodzącego pracownika; przestanie działać po jego zwolnieniu.</translation>
    </message>
    <message>
        <source>The plan may include closed items; Bitrix24 advises reassigning them too.</source>
        <translation>Plan może obejmować zamknięte elementy; Bitrix24 zaleca przekazać również je.</translation>
    </message>
    <message>
        <source>Some “for all” sections are not fully loaded; their counts are estimates. The run lists them on the portal first.</source>
        <translation>Niektóre sekcje z opcją „Dla wszystkich” nie są w pełni wczytane; ich liczby są szacunkowe. Przekazanie najpierw pobierze ich pełną listę z Bitrix24.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Wstecz</translation>
    </message>
    <message>
        <source>Hand over {0} items</source>
        <translation>Przekaż elementy ({0})</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Handing over {0}&apos;s items</source>
        <translation>Przekazywanie elementów: {0}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Rozpoczynanie…</translation>
    </message>
    <message>
        <source>Done, skipped and failed</source>
        <translation>Gotowe, pominięte i nieudane</translation>
    </message>
    <message>
        <source>Current wait</source>
        <translation>Bieżące oczekiwanie</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Sekcja</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <source>Items not handed over, with reasons</source>
        <translation>Nieprzekazane elementy i powody</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>Stop after the batch in flight</source>
        <translation>Zatrzymaj po wysłanej już paczce zapytań</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Ponów nieudane</translation>
    </message>
    <message>
        <source>Export report (CSV)…</source>
        <translation>Eksportuj raport (CSV)…</translation>
    </message>
    <message>
        <source>Undo this handover</source>
        <translation>Cofnij to przekazanie</translation>
    </message>
    <message>
        <source>Dismiss {0}…</source>
        <translation>Zwolnij: {0}…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <source>{0} progress</source>
        <translation>Postęp: {0}</translation>
    </message>
    <message>
        <source>{0} done · {1} skipped (someone else took them) · {2} failed</source>
        <translation>Gotowe: {0} · pominięte: {1} (przejął je ktoś inny) · nieudane: {2}</translation>
    </message>
    <message>
        <source>{0} items/s · about {1} left</source>
        <translation>{0} elem./s · zostało około {1}</translation>
    </message>
    <message>
        <source>{0} done · {1} skipped · {2} failed</source>
        <translation>Gotowe: {0} · pominięte: {1} · nieudane: {2}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Zatrzymano.</translation>
    </message>
    <message>
        <source>Undo finished.</source>
        <translation>Cofanie zakończone.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Zakończono.</translation>
    </message>
    <message>
        <source>Residue check: {0} selected items left with {1}.</source>
        <translation>Kontrola pozostałości: zaznaczone elementy nadal przypisane do {1}: {0}.</translation>
    </message>
    <message>
        <source>{0} has been dismissed.</source>
        <translation>Zwolniono: {0}.</translation>
    </message>
    <message>
        <source>{0} was already dismissed.</source>
        <translation>Już wcześniej zwolniono: {0}.</translation>
    </message>
    <message>
        <source>{0} was not dismissed: items are left or failed.</source>
        <translation>Nie zwolniono: {0} — zostały elementy albo wystąpiły błędy.</translation>
    </message>
    <message>
        <source>Dismissing {0} failed.</source>
        <translation>Nie udało się zwolnić: {0}.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>Stopping after the batch in flight…</source>
        <translation>Zatrzymywanie po wysłanej paczce zapytań…</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>The portal stopped answering ({0}). Nothing is lost: resume later.</source>
        <translation>Bitrix24 przestał odpowiadać ({0}). Nic nie zostało utracone: wznów później.</translation>
    </message>
    <message>
        <source>Cancelled. The batch in flight was finished and recorded.</source>
        <translation>Anulowano. Wysłana paczka zapytań została dokończona i zapisana.</translation>
    </message>
</context>
<context>
    <name>SearchLine</name>
    <message>
        <source>Search</source>
        <translation>Wyszukaj</translation>
    </message>
</context>
<context>
    <name>SectionController</name>
    <message>
        <source>Loading stopped: {0}. The rows loaded so far are kept.</source>
        <extracomment>Rows appended per step; between steps the loop gets a turn, so no step stalls it long. Rows loaded without asking; past it, loading pauses until the view scrolls to the end.</extracomment>
        <translation>Wczytywanie przerwane: {0}. Wczytane dotąd wiersze zostają.</translation>
    </message>
</context>
<context>
    <name>SectionTab</name>
    <message>
        <source>Search in {0}…</source>
        <translation>Szukaj w sekcji „{0}”…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Wszystkie</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwarte</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Zamknięte</translation>
    </message>
    <message>
        <source>Show open, closed or all items</source>
        <translation>Pokaż otwarte, zamknięte lub wszystkie elementy</translation>
    </message>
    <message>
        <source>Load again from the portal</source>
        <translation>Wczytaj ponownie z Bitrix24</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>Postęp wczytywania</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} z {1}</translation>
    </message>
    <message>
        <source>Loading and selection status</source>
        <translation>Stan wczytywania i zaznaczenia</translation>
    </message>
    <message>
        <source>Every item of this person in this section on the portal, loaded or not. Untick rows to leave them out. (Ctrl+Shift+A)</source>
        <translation>Wszystkie elementy tej osoby w tej sekcji w Bitrix24, wczytane lub nie. Odznacz wiersze, aby je pominąć. (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Assign selected to successor…</source>
        <translation>Przypisz zaznaczone następcy…</translation>
    </message>
    <message>
        <source>Choose who receives the ticked items of this section</source>
        <translation>Wybierz, kto otrzyma zaznaczone elementy tej sekcji</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Spróbuj ponownie</translation>
    </message>
    <message>
        <source>all {0} except {1}</source>
        <translation>wszystkie {0} oprócz {1}</translation>
    </message>
    <message>
        <source>all {0}</source>
        <translation>wszystkie {0}</translation>
    </message>
    <message>
        <source>Loaded {0} of {1}</source>
        <translation>Wczytano {0} z {1}</translation>
    </message>
    <message>
        <source>{0} · {1} selected</source>
        <translation>{0} · zaznaczone: {1}</translation>
    </message>
    <message>
        <source>For all ({0} {1}, incl. not loaded)</source>
        <translation>Dla wszystkich ({1}: {0}, łącznie z niewczytanymi)</translation>
    </message>
    <message>
        <source>{0} owns no {1}.</source>
        <translation>{0} nie ma żadnych elementów w sekcji „{1}”.</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>Interrupted handover</source>
        <translation>Przerwane przekazanie</translation>
    </message>
    <message>
        <source>The handover of {0}&apos;s items started {1} did not finish ({2} of {3} done). Resume it now? Nothing is done twice.</source>
        <translation>Przekazanie elementów ({0}) rozpoczęte {1} nie zostało dokończone (wykonano {2} z {3}). Wznowić je teraz? Nic nie zostanie wykonane dwa razy.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Później</translation>
    </message>
    <message>
        <source>Assign the selected items to…</source>
        <translation>Przypisz zaznaczone elementy do…</translation>
    </message>
    <message>
        <source>{0} has been dismissed.</source>
        <translation>Zwolniono: {0}.</translation>
    </message>
    <message>
        <source>Dismissing {0} failed: {1}</source>
        <translation>Nie udało się zwolnić: {0} ({1})</translation>
    </message>
    <message>
        <source>Undo this handover</source>
        <translation>Cofnij to przekazanie</translation>
    </message>
    <message>
        <source>Give every item this handover moved back to its previous responsible person? Items changed since are left alone.</source>
        <translation>Przywrócić poprzednią osobę odpowiedzialną we wszystkich elementach przeniesionych tym przekazaniem? Elementy zmienione od tego czasu pozostaną bez zmian.</translation>
    </message>
    <message>
        <source>Undoing the handover</source>
        <translation>Cofanie przekazania</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Eksportuj raport</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Pliki CSV (*.csv)</translation>
    </message>
    <message>
        <source>Report saved to {0}.</source>
        <translation>Raport zapisano w {0}.</translation>
    </message>
    <message>
        <source>Dismiss employee</source>
        <translation>Zwolnij pracownika</translation>
    </message>
    <message>
        <source>Dismiss {0}? They will no longer be able to log in to Bitrix24. An administrator can hire them again later.</source>
        <translation>Zwolnić: {0}? Ta osoba nie będzie mogła zalogować się do Bitrix24. Administrator może ją później ponownie zatrudnić.</translation>
    </message>
    <message>
        <source>Dismiss {0}</source>
        <translation>Zwolnij: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Zgodnie z systemem</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Język zmieni się przy następnym uruchomieniu.</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Wszystkie</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwarte</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Zamknięte</translation>
    </message>
    <message>
        <source>Items shown in new tabs</source>
        <translation>Elementy widoczne w nowych kartach</translation>
    </message>
    <message>
        <source>Standard (bursts of 50 requests, then 2 per second)</source>
        <translation>Standard (do 50 zapytań naraz, potem 2 na sekundę)</translation>
    </message>
    <message>
        <source>Enterprise (bursts of 250 requests, then 5 per second)</source>
        <translation>Enterprise (do 250 zapytań naraz, potem 5 na sekundę)</translation>
    </message>
    <message>
        <source>Rate plan</source>
        <translation>Plan taryfowy</translation>
    </message>
    <message>
        <source>Choose your Bitrix24 plan: it sets how fast the app may send requests.</source>
        <translation>Wybierz plan taryfowy swojego konta Bitrix24: od niego zależy, jak szybko aplikacja może wysyłać zapytania.</translation>
    </message>
    <message>
        <source>Journal folder</source>
        <translation>Folder dziennika przekazań</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Przeglądaj…</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Język:</translation>
    </message>
    <message>
        <source>New tabs &amp;show:</source>
        <translation>&amp;Nowe karty pokazują:</translation>
    </message>
    <message>
        <source>&amp;Rate plan:</source>
        <translation>Plan &amp;taryfowy:</translation>
    </message>
    <message>
        <source>&amp;Journal folder:</source>
        <translation>&amp;Folder dziennika przekazań:</translation>
    </message>
    <message>
        <source>No live-feed post per item (leads, deals, contacts, companies, quotes)</source>
        <translation>Bez wpisu w Aktualnościach o każdym elemencie (leady, deale, kontakty, firmy, oferty)</translation>
    </message>
    <message>
        <source>Bitrix24 posts nothing about the change in the live feed (REGISTER_SONET_EVENT=N). Other sections have no such switch.</source>
        <translation>Bitrix24 nie publikuje w Aktualnościach wpisu o zmianie (REGISTER_SONET_EVENT=N). Inne sekcje nie mają takiego przełącznika.</translation>
    </message>
    <message>
        <source>Add a timeline note to each item</source>
        <translation>Dodaj komentarz na osi czasu każdego elementu</translation>
    </message>
    <message>
        <source>Send each successor one summary message</source>
        <translation>Wyślij każdemu następcy jedną wiadomość z podsumowaniem</translation>
    </message>
    <message>
        <source>Handover options for new plans</source>
        <translation>Opcje przekazania dla nowych planów</translation>
    </message>
    <message>
        <source>Choose the journal folder</source>
        <translation>Wybierz folder dziennika przekazań</translation>
    </message>
</context>
<context>
    <name>SuccessorPickerDialog</name>
    <message>
        <source>Choose the successor</source>
        <translation>Wybierz następcę</translation>
    </message>
    <message>
        <source>Search by name, position or department…</source>
        <translation>Szukaj po imieniu i nazwisku, stanowisku lub dziale…</translation>
    </message>
    <message>
        <source>Active employees</source>
        <translation>Aktywni pracownicy</translation>
    </message>
    <message>
        <source>Hold Ctrl to choose several people.</source>
        <translation>Przytrzymaj Ctrl, aby wybrać kilka osób.</translation>
    </message>
    <message>
        <source>Recently chosen successors come first.</source>
        <translation>Ostatnio wybrani następcy są na początku listy.</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>Wybierz</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Name</source>
        <extracomment>Counts role: the user&apos;s per-section item counts (a Mapping, or None while unknown). Group role: 0 dismissed still owning items, 1 active, 2 dismissed owning nothing (or unknown).</extracomment>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Stanowisko</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Dział</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elementy</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>Przypisane elementy</translation>
    </message>
    <message>
        <source>Counting items…</source>
        <translation>Liczenie elementów…</translation>
    </message>
    <message>
        <source>Owns no items</source>
        <translation>Brak elementów</translation>
    </message>
    <message>
        <source>{0} (dismissed)</source>
        <translation>{0} (osoba zwolniona)</translation>
    </message>
</context>
</TS>
