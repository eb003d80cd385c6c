<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About desktop_handover</source>
        <translation>О программе desktop_handover</translation>
    </message>
    <message>
        <source>Version {0}</source>
        <translation>Версия {0}</translation>
    </message>
    <message>
        <source>Hands a departing employee&apos;s Bitrix24 CRM items over to colleagues, with a plan, a journal and undo.</source>
        <translation>Передаёт элементы CRM Битрикс24 увольняющегося сотрудника коллегам — с планом, журналом и отменой.</translation>
    </message>
    <message>
        <source>Free software under the {0} licence.</source>
        <translation>Свободное программное обеспечение по лицензии {0}.</translation>
    </message>
    <message>
        <source>Third-party software and licences</source>
        <translation>Стороннее программное обеспечение и лицензии</translation>
    </message>
    <message>
        <source>Qt {0} and PySide6 {1}</source>
        <translation>Qt {0} и PySide6 {1}</translation>
    </message>
    <message>
        <source>This program uses the Qt libraries through PySide6, under the GNU Lesser General Public License version 3 (LGPLv3). Qt is shipped unmodified and linked dynamically: you may replace the Qt and PySide6 libraries in the program&apos;s folder with your own build of the same version.</source>
        <translation>Программа использует библиотеки Qt через PySide6 по лицензии GNU Lesser General Public License версии 3 (LGPLv3). Qt поставляется без изменений и подключается динамически: вы можете заменить библиотеки Qt и PySide6 в папке программы собственной сборкой той же версии.</translation>
    </message>
    <message>
        <source>Licence text: {0}</source>
        <translation>Текст лицензии: {0}</translation>
    </message>
    <message>
        <source>Qt source code: {0}</source>
        <translation>Исходный код Qt: {0}</translation>
    </message>
    <message>
        <source>PySide6 source code: {0}</source>
        <translation>Исходный код PySide6: {0}</translation>
    </message>
    <message>
        <source>Python {0}: Python Software Foundation License ({1})</source>
        <translation>Python {0}: лицензия Python Software Foundation ({1})</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Title</source>
        <extracomment>Every column a section may ask for, by ItemRef attribute.</extracomment>
        <translation>Название</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>closed ✓</source>
        <translation>закрыто ✓</translation>
    </message>
    <message>
        <source>open ○</source>
        <translation>открыто ○</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Общая</translation>
    </message>
    <message>
        <source>Pipeline {0}</source>
        <translation>Воронка {0}</translation>
    </message>
    <message>
        <source>Company #{0}</source>
        <translation>Компания № {0}</translation>
    </message>
    <message>
        <source>Contact #{0}</source>
        <translation>Контакт № {0}</translation>
    </message>
    <message>
        <source>Company / contact</source>
        <translation>Компания / контакт</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Изменено</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Крайний срок</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>Связано с</translation>
    </message>
    <message>
        <source></source>
        <extracomment>The checkbox column, always first.</extracomment>
        <translation></translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>The &quot;To&quot; column: the successor the plan gives the row (filled by the model).</extracomment>
        <translation>Кому</translation>
    </message>
</context>
<context>
    <name>ConnectController</name>
    <message>
        <source>The portal answered the test but not the connection. Try again.</source>
        <extracomment>check_oauth_connection / open_portal_oauth bound to the app&apos;s transport and limits; the hook receives each rotated token pair (bitrix24-api.md §1.2).</extracomment>
        <translation>Битрикс24 ответил на проверку, но не на подключение. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>No system keychain is available: the tokens are kept for this session only.</source>
        <translation>Системное хранилище паролей недоступно: токены сохранены только на этот сеанс.</translation>
    </message>
    <message>
        <source>No system keychain is available: the webhook is kept for this session only.</source>
        <translation>Системное хранилище паролей недоступно: вебхук сохранён только на этот сеанс.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to Bitrix24</source>
        <translation>Подключение к Битрикс24</translation>
    </message>
    <message>
        <source>Remembered portals</source>
        <translation>Сохранённые порталы</translation>
    </message>
    <message>
        <source>New portal…</source>
        <translation>Новый портал…</translation>
    </message>
    <message>
        <source>e.g. Acme</source>
        <translation>например, Acme</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Название профиля</translation>
    </message>
    <message>
        <source>Incoming webhook (recommended)</source>
        <translation>Входящий вебхук (рекомендуется)</translation>
    </message>
    <message>
        <source>OAuth application</source>
        <translation>Приложение OAuth</translation>
    </message>
    <message>
        <source>Not available in this version; use a webhook.</source>
        <translation>В этой версии недоступно; используйте вебхук.</translation>
    </message>
    <message>
        <source>Portal address</source>
        <translation>Адрес портала</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Код приложения (client ID)</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Ключ приложения (client secret)</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Токен доступа</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Токен обновления</translation>
    </message>
    <message>
        <source>Webhook address</source>
        <translation>Адрес вебхука</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Show the webhook address</source>
        <translation>Показать адрес вебхука</translation>
    </message>
    <message>
        <source>Address check</source>
        <translation>Проверка адреса</translation>
    </message>
    <message>
        <source>Create the webhook as an administrator: Bitrix24 → Developer resources → Other → Inbound webhook; tick CRM, Users, Departments, Tasks and Chat (im).</source>
        <translation>Создайте вебхук от имени администратора: Битрикс24 → Разработчикам → Другое → Входящий вебхук; отметьте CRM (crm), Пользователи (user), Структура компании (department), Задачи (task) и Чат (im).</translation>
    </message>
    <message>
        <source>Add a local application as an administrator (Bitrix24 → Developer resources → Other → Local application); its install callback receives the access and refresh tokens, and its settings show the client ID and secret.</source>
        <translation>Добавьте локальное приложение от имени администратора (Битрикс24 → Разработчикам → Другое → Локальное приложение); его адрес установки получит токены доступа и обновления, а в его настройках указаны код и ключ приложения.</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Проверить подключение</translation>
    </message>
    <message>
        <source>No system keychain is available: the webhook will be kept for this session only and asked for again next time.</source>
        <translation>Системное хранилище паролей недоступно: вебхук будет сохранён только на этот сеанс, в следующий раз его придётся ввести снова.</translation>
    </message>
    <message>
        <source>&amp;Portal:</source>
        <translation>П&amp;ортал:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Название:</translation>
    </message>
    <message>
        <source>Sign-in:</source>
        <translation>Вход:</translation>
    </message>
    <message>
        <source>&amp;Webhook:</source>
        <translation>&amp;Вебхук:</translation>
    </message>
    <message>
        <source>Portal &amp;address:</source>
        <translation>&amp;Адрес портала:</translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation>&amp;Код приложения:</translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation>К&amp;люч приложения:</translation>
    </message>
    <message>
        <source>A&amp;ccess token:</source>
        <translation>&amp;Токен доступа:</translation>
    </message>
    <message>
        <source>&amp;Refresh token:</source>
        <translation>Токен о&amp;бновления:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Подключиться</translation>
    </message>
    <message>
        <source>Asking the portal…</source>
        <translation>Подключение к Битрикс24…</translation>
    </message>
    <message>
        <source>Enter the portal address.</source>
        <translation>Введите адрес портала.</translation>
    </message>
    <message>
        <source>This does not look like a portal address (https://…).</source>
        <translation>Это не похоже на адрес портала (https://…).</translation>
    </message>
    <message>
        <source>Fill in the client ID, client secret and tokens.</source>
        <translation>Заполните код и ключ приложения и токены.</translation>
    </message>
    <message>
        <source>Everything is filled in.</source>
        <translation>Всё заполнено.</translation>
    </message>
    <message>
        <source>Paste the webhook address.</source>
        <translation>Вставьте адрес вебхука.</translation>
    </message>
    <message>
        <source>The address must start with https://.</source>
        <translation>Адрес должен начинаться с https://.</translation>
    </message>
    <message>
        <source>This does not look like a webhook address (…/rest/&lt;id&gt;/&lt;secret&gt;/).</source>
        <translation>Это не похоже на адрес вебхука (…/rest/&lt;id&gt;/&lt;ключ&gt;/).</translation>
    </message>
    <message>
        <source>The address looks right.</source>
        <translation>Адрес выглядит правильно.</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>Logging to a file is off in this run.</source>
        <translation>В этом запуске запись журнала в файл отключена.</translation>
    </message>
    <message>
        <source>The details are in the log file: {0}</source>
        <translation>Подробности — в файле журнала: {0}</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>Что-то пошло не так: {0}</translation>
    </message>
    <message>
        <source>Nothing is lost: every change made so far is in the journal, and an interrupted handover is offered for resume at the next start.</source>
        <translation>Ничего не потеряно: все сделанные изменения записаны в журнал передачи, а прерванную передачу можно будет продолжить при следующем запуске.</translation>
    </message>
    <message>
        <source>desktop_handover: unexpected error</source>
        <translation>desktop_handover: непредвиденная ошибка</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Открыть папку журналов</translation>
    </message>
</context>
<context>
    <name>CrmItemsModel</name>
    <message>
        <source>Selected</source>
        <translation>Выбрано</translation>
    </message>
    <message>
        <source>Tick every loaded row (Ctrl+A)</source>
        <translation>Отметить все загруженные строки (Ctrl+A)</translation>
    </message>
</context>
<context>
    <name>EmployeePickerDialog</name>
    <message>
        <source>Choose the departing employee</source>
        <translation>Выберите увольняющегося сотрудника</translation>
    </message>
    <message>
        <source>Search by name, position or department…</source>
        <translation>Поиск по имени, должности или отделу…</translation>
    </message>
    <message>
        <source>Dismissed, still owning items</source>
        <translation>Уволенные, за которыми ещё есть элементы</translation>
    </message>
    <message>
        <source>Active employees</source>
        <translation>Действующие сотрудники</translation>
    </message>
    <message>
        <source>&amp;Dismissed, still owning items</source>
        <translation>&amp;Уволенные, за которыми ещё есть элементы</translation>
    </message>
    <message>
        <source>&amp;Active employees</source>
        <translation>&amp;Действующие сотрудники</translation>
    </message>
    <message>
        <source>Hand over this person&apos;s items</source>
        <translation>Передать элементы этого сотрудника</translation>
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
        <translation>Разделы</translation>
    </message>
    <message>
        <source>Choose the departing employee to begin.</source>
        <translation>Для начала выберите увольняющегося сотрудника.</translation>
    </message>
    <message>
        <source>Preview plan</source>
        <translation>Просмотр плана</translation>
    </message>
    <message>
        <source>What goes to whom (Ctrl+Enter)</source>
        <translation>Что кому достанется (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>Передать</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About desktop_handover</source>
        <translation>&amp;О программе desktop_handover</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Открыть папку &amp;журналов</translation>
    </message>
    <message>
        <source>{0}: {1} items (Ctrl+{2})</source>
        <translation>{0}: элементов — {1} (Ctrl+{2})</translation>
    </message>
    <message>
        <source>Hand over {0}{1} ▶</source>
        <translation>Передать {0}{1} ▶</translation>
    </message>
    <message>
        <source>Logging to a file is off in this run.</source>
        <translation>В этом запуске запись журнала в файл отключена.</translation>
    </message>
    <message>
        <source>Open {0} in the file manager</source>
        <translation>Открыть {0} в файловом менеджере</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Leads</source>
        <translation>Лиды</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Компании</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Предложения</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Счета</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Задачи</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} с</translation>
    </message>
    <message>
        <source>{0} min {1} s</source>
        <translation>{0} мин {1} с</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} мин</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} ч {1} мин</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>ещё не отправлено</translation>
    </message>
    <message>
        <source>sent, waiting for the portal</source>
        <translation>отправлено, ждём ответа Битрикс24</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>передано</translation>
    </message>
    <message>
        <source>skipped: someone else took it meanwhile</source>
        <translation>пропущено: за это время элемент забрал кто-то другой</translation>
    </message>
    <message>
        <source>skipped: deleted or no longer visible</source>
        <translation>пропущено: удалён или больше не виден</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>unknown: the portal&apos;s reply was lost</source>
        <translation>неизвестно: ответ Битрикс24 потерян</translation>
    </message>
    <message>
        <source>the portal refused: no permission to change it</source>
        <translation>Битрикс24 отказал: нет прав на изменение</translation>
    </message>
    <message>
        <source>the portal could not be reached</source>
        <translation>не удалось подключиться к Битрикс24</translation>
    </message>
    <message>
        <source>the portal&apos;s time budget for this method is spent</source>
        <translation>исчерпан лимит времени Битрикс24 для этого метода</translation>
    </message>
    <message>
        <source>the portal&apos;s rate limit</source>
        <translation>лимит запросов Битрикс24</translation>
    </message>
    <message>
        <source>the webhook lacks a permission (scope)</source>
        <translation>у вебхука нет нужного права (scope)</translation>
    </message>
    <message>
        <source>the webhook&apos;s secret is wrong or revoked</source>
        <translation>ключ вебхука неверен или отозван</translation>
    </message>
    <message>
        <source>not found on the portal</source>
        <translation>не найдено в Битрикс24</translation>
    </message>
    <message>
        <source>the portal had an internal error</source>
        <translation>внутренняя ошибка Битрикс24</translation>
    </message>
    <message>
        <source>Waiting for the portal&apos;s rate limit: {0}</source>
        <translation>Ожидание лимита запросов Битрикс24: {0}</translation>
    </message>
    <message>
        <source>Waiting for the portal&apos;s time budget: {0}</source>
        <translation>Ожидание лимита времени Битрикс24: {0}</translation>
    </message>
    <message>
        <source>The portal did not answer; trying again in {0}</source>
        <translation>Битрикс24 не отвечает; повтор через {0}</translation>
    </message>
    <message>
        <source>Checking the plan…</source>
        <translation>Проверка плана…</translation>
    </message>
    <message>
        <source>Listing the selected items on the portal…</source>
        <translation>Получение списка выбранных элементов из Битрикс24…</translation>
    </message>
    <message>
        <source>Handing over…</source>
        <translation>Передача…</translation>
    </message>
    <message>
        <source>Adding timeline notes…</source>
        <translation>Добавление комментариев в таймлайн…</translation>
    </message>
    <message>
        <source>Sending summary messages…</source>
        <translation>Отправка итоговых сообщений…</translation>
    </message>
    <message>
        <source>Checking that nothing is left…</source>
        <translation>Проверка, что ничего не осталось…</translation>
    </message>
    <message>
        <source>Dismissing the employee…</source>
        <translation>Увольнение сотрудника…</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>user #{0}</source>
        <translation>пользователь № {0}</translation>
    </message>
    <message>
        <source>Nothing is selected: tick some items first.</source>
        <translation>Ничего не выбрано: сначала отметьте элементы.</translation>
    </message>
    <message>
        <source>Choose a successor first.</source>
        <translation>Сначала выберите преемника.</translation>
    </message>
    <message>
        <source>{0} is the departing employee and cannot be a successor.</source>
        <translation>{0} — увольняющийся сотрудник и не может быть преемником.</translation>
    </message>
    <message>
        <source>{0} is dismissed and cannot be a successor.</source>
        <translation>{0} уволен(а) и не может быть преемником.</translation>
    </message>
    <message>
        <source>{0} is not an employee of this portal.</source>
        <translation>{0} не является сотрудником этого Битрикс24.</translation>
    </message>
    <message>
        <source>The webhook belongs to the departing employee: it stops working when they are dismissed. Create the webhook as an administrator and connect with it.</source>
        <translation>Вебхук принадлежит увольняющемуся сотруднику: после увольнения он перестанет работать. Создайте вебхук от имени администратора и подключитесь через него.</translation>
    </message>
    <message>
        <source>This section has no stages: choose “All” instead of open or closed.</source>
        <translation>В этом разделе нет стадий: выберите «Все» вместо «Открытые» или «Закрытые».</translation>
    </message>
    <message>
        <source>A section appears twice in the plan.</source>
        <translation>Раздел встречается в плане дважды.</translation>
    </message>
    <message>
        <source>Confirm the dismissal first.</source>
        <translation>Сначала подтвердите увольнение.</translation>
    </message>
    <message>
        <source>This handover is not in the journal.</source>
        <translation>Этой передачи нет в журнале.</translation>
    </message>
    <message>
        <source>This handover has finished and cannot be resumed.</source>
        <translation>Эта передача завершена, её нельзя продолжить.</translation>
    </message>
    <message>
        <source>This handover cannot be undone (nothing was moved).</source>
        <translation>Эту передачу нельзя отменить (ничего не было передано).</translation>
    </message>
    <message>
        <source>Connected to {0} as {1}. Everything needed is allowed.</source>
        <translation>Подключено к {0} как {1}. Все нужные права есть.</translation>
    </message>
    <message>
        <source>Without the {0} scope the summary message to successors is not sent.</source>
        <translation>Без права {0} преемники не получат итоговое сообщение.</translation>
    </message>
    <message>
        <source>This is not a webhook address. Copy it from Bitrix24 → Developer resources → Other → Inbound webhook; it looks like https://yourcompany.bitrix24.com/rest/1/abc123…/</source>
        <translation>Это не адрес вебхука. Скопируйте его в Битрикс24 → Разработчикам → Другое → Входящий вебхук; он выглядит так: https://vashakompaniya.bitrix24.ru/rest/1/abc123…/</translation>
    </message>
    <message>
        <source>The address must start with https:// (Bitrix24 refuses webhooks over plain http).</source>
        <translation>Адрес должен начинаться с https:// (Битрикс24 не принимает вебхуки по обычному http).</translation>
    </message>
    <message>
        <source>The portal could not be reached. Check the address and your internet connection.</source>
        <translation>Не удалось подключиться к Битрикс24. Проверьте адрес и подключение к интернету.</translation>
    </message>
    <message>
        <source>This address does not answer like a Bitrix24 portal. Check the address.</source>
        <translation>По этому адресу отвечает не Битрикс24. Проверьте адрес.</translation>
    </message>
    <message>
        <source>The portal refused the webhook: its secret is wrong, or the webhook was deleted or regenerated. Copy the address again from Developer resources.</source>
        <translation>Битрикс24 отклонил вебхук: ключ неверен, либо вебхук удалён или пересоздан. Скопируйте адрес заново в разделе «Разработчикам».</translation>
    </message>
    <message>
        <source>The webhook belongs to a dismissed employee, so it no longer works. Create a new webhook as an active administrator.</source>
        <translation>Вебхук принадлежит уволенному сотруднику и поэтому больше не работает. Создайте новый вебхук от имени действующего администратора.</translation>
    </message>
    <message>
        <source>This portal&apos;s plan does not include REST access (it is available on commercial plans only).</source>
        <translation>Тариф этого Битрикс24 не включает доступ к REST (он есть только на коммерческих тарифах).</translation>
    </message>
    <message>
        <source>The portal has blocked this webhook for too many requests. Wait, or ask Bitrix24 support to unblock it.</source>
        <translation>Битрикс24 заблокировал этот вебхук из-за слишком большого числа запросов. Подождите или попросите поддержку Битрикс24 разблокировать его.</translation>
    </message>
    <message>
        <source>The webhook lacks permissions. Edit it in Bitrix24 → Developer resources, tick {0}, and save.</source>
        <translation>У вебхука не хватает прав. Откройте его в Битрикс24 → Разработчикам, отметьте {0} и сохраните.</translation>
    </message>
    <message>
        <source>The webhook&apos;s owner is not a portal administrator, so it cannot see or change every employee&apos;s items. Create the webhook as an administrator.</source>
        <translation>Владелец вебхука не администратор Битрикс24, поэтому он не видит и не может менять элементы всех сотрудников. Создайте вебхук от имени администратора.</translation>
    </message>
    <message>
        <source>The portal no longer accepts these tokens (the refresh token expired or was replaced). Sign in again: reinstall the local application to get new tokens.</source>
        <translation>Битрикс24 больше не принимает эти токены (токен обновления истёк или был заменён). Войдите снова: переустановите локальное приложение, чтобы получить новые токены.</translation>
    </message>
    <message>
        <source>The client ID or client secret is wrong. Copy them again from the local application in Bitrix24 → Developer resources.</source>
        <translation>Код или ключ приложения неверен. Скопируйте их заново из локального приложения в Битрикс24 → Разработчикам.</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <source>Departing employee</source>
        <translation>Увольняющийся сотрудник</translation>
    </message>
    <message>
        <source>Items owned per section</source>
        <translation>Элементы по разделам</translation>
    </message>
    <message>
        <source>Change employee…</source>
        <translation>Сменить сотрудника…</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>План</translation>
    </message>
    <message>
        <source>Successors</source>
        <translation>Преемники</translation>
    </message>
    <message>
        <source>Add successor…</source>
        <translation>Добавить преемника…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Remove the chosen successor</source>
        <translation>Удалить выбранного преемника</translation>
    </message>
    <message>
        <source>All to the first successor</source>
        <translation>Всё первому преемнику</translation>
    </message>
    <message>
        <source>Evenly between the successors</source>
        <translation>Поровну между преемниками</translation>
    </message>
    <message>
        <source>By pipeline</source>
        <translation>По воронкам</translation>
    </message>
    <message>
        <source>How to split</source>
        <translation>Способ распределения</translation>
    </message>
    <message>
        <source>Keep related items together</source>
        <translation>Передавать связанные элементы вместе</translation>
    </message>
    <message>
        <source>Contacts, companies, activities and tasks go to whoever gets the deal, lead or other item they belong to</source>
        <translation>Контакты, компании, дела и задачи достаются тому, кто получает сделку, лид или другой элемент, к которому они относятся</translation>
    </message>
    <message>
        <source>Plan summary</source>
        <translation>Итоги плана</translation>
    </message>
    <message>
        <source>What still stops the handover</source>
        <translation>Что ещё мешает передаче</translation>
    </message>
    <message>
        <source>&amp;Split:</source>
        <translation>&amp;Распределение:</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>уволен(а)</translation>
    </message>
    <message>
        <source>Counting items…</source>
        <translation>Подсчёт элементов…</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>Ответственный за</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Общая</translation>
    </message>
    <message>
        <source>Pipeline {0}</source>
        <translation>Воронка {0}</translation>
    </message>
    <message>
        <source>{0}{1} requests, about {2}</source>
        <translation>Запросов: {0}{1}, примерно {2}</translation>
    </message>
    <message>
        <source>Nothing selected yet: tick items in the tabs.</source>
        <translation>Пока ничего не выбрано: отметьте элементы на вкладках.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Preview: {0}&apos;s items</source>
        <translation>Просмотр: элементы сотрудника {0}</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Раздел</translation>
    </message>
    <message>
        <source>Successor</source>
        <translation>Преемник</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Элементы</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открытые</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрытые</translation>
    </message>
    <message>
        <source>What goes to whom</source>
        <translation>Что кому достанется</translation>
    </message>
    <message>
        <source>{0}{1} items · {2} requests · about {3}</source>
        <translation>Элементов: {0}{1} · запросов: {2} · примерно {3}</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <source>No live-feed post per item (leads, deals, contacts, companies, quotes)</source>
        <translation>Без записи в Живой ленте по каждому элементу (лиды, сделки, контакты, компании, предложения)</translation>
    </message>
    <message>
        <source>Bitrix24 posts nothing about the change in the live feed (REGISTER_SONET_EVENT=N). Other sections have no such switch.</source>
        <translation>Bitrix24 не публикует запись об изменении в Живой ленте (REGISTER_SONET_EVENT=N). У других разделов такого переключателя нет.</translation>
    </message>
    <message>
        <source>Add a timeline note to each item</source>
        <translation>Добавить комментарий в таймлайн каждого элемента</translation>
    </message>
    <message>
        <source>Send each successor one summary message</source>
        <translation>Отправить каждому преемнику одно итоговое сообщение</translation>
    </message>
    <message>
        <source>Dismiss {0} at the end (when nothing is left)</source>
        <translation>В конце уволить: {0} (если ничего не осталось)</translation>
    </message>
    <message>
        <source>Yes, dismiss {0}: they can no longer log in</source>
        <translation>Да, уволить: {0} — вход в систему станет невозможен</translation>
    </message>
    <message>
        <source>Automation rules and business processes run for every changed item, as when the responsible person is changed by hand.</source>
        <translation>Роботы и бизнес-процессы запустятся для каждого изменённого элемента, как при ручной смене ответственного.</translation>
    </message>
    <message>
        <source>Only leads, deals, contacts, companies and quotes can be handed over without a live-feed post. For the other sections Bitrix24 may still notify the new responsible person about each item.</source>
        <translation>Без записи в Живой ленте можно передать только лиды, сделки, контакты, компании и предложения. В остальных разделах Bitrix24 может по-прежнему уведомлять нового ответственного о каждом элементе.</translation>
    </message>
    <message>
        <source>The webhook belongs to the departing employee; it stops working when they are dismissed.</source>
        <translation>Вебхук принадлежит увольняющемуся сотруднику; после увольнения он перестанет работать.</translation>
    </message>
    <message>
        <source>The plan may include closed items; Bitrix24 advises reassigning them too.</source>
        <translation>План может включать закрытые элементы; Битрикс24 советует передавать и их.</translation>
    </message>
    <message>
        <source>Some “for all” sections are not fully loaded; their counts are estimates. The run lists them on the portal first.</source>
        <translation>Некоторые разделы с отметкой «Для всех» загружены не полностью, их количество приблизительно. Перед передачей полный список будет получен из Битрикс24.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Hand over {0} items</source>
        <translation>Передать элементы ({0})</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Handing over {0}&apos;s items</source>
        <translation>Передача элементов: {0}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Запуск…</translation>
    </message>
    <message>
        <source>Done, skipped and failed</source>
        <translation>Готово, пропущено и с ошибками</translation>
    </message>
    <message>
        <source>Current wait</source>
        <translation>Текущее ожидание</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Раздел</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Items not handed over, with reasons</source>
        <translation>Непереданные элементы и причины</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Stop after the batch in flight</source>
        <translation>Остановить после отправленного пакета запросов</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Повторить неудавшиеся</translation>
    </message>
    <message>
        <source>Export report (CSV)…</source>
        <translation>Экспорт отчёта (CSV)…</translation>
    </message>
    <message>
        <source>Undo this handover</source>
        <translation>Отменить эту передачу</translation>
    </message>
    <message>
        <source>Dismiss {0}…</source>
        <translation>Уволить: {0}…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>{0} progress</source>
        <translation>Ход выполнения: {0}</translation>
    </message>
    <message>
        <source>{0} done · {1} skipped (someone else took them) · {2} failed</source>
        <translation>Готово: {0} · пропущено: {1} (их забрал кто-то другой) · ошибок: {2}</translation>
    </message>
    <message>
        <source>{0} items/s · about {1} left</source>
        <translation>{0} элем./с · осталось примерно {1}</translation>
    </message>
    <message>
        <source>{0} done · {1} skipped · {2} failed</source>
        <translation>Готово: {0} · пропущено: {1} · ошибок: {2}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Остановлено.</translation>
    </message>
    <message>
        <source>Undo finished.</source>
        <translation>Отмена завершена.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>Residue check: {0} selected items left with {1}.</source>
        <translation>Проверка остатка: выбранных элементов всё ещё за {1}: {0}.</translation>
    </message>
    <message>
        <source>{0} has been dismissed.</source>
        <translation>Уволен(а): {0}.</translation>
    </message>
    <message>
        <source>{0} was already dismissed.</source>
        <translation>Уже уволен(а): {0}.</translation>
    </message>
    <message>
        <source>{0} was not dismissed: items are left or failed.</source>
        <translation>Не уволен(а): {0} — остались элементы или были ошибки.</translation>
    </message>
    <message>
        <source>Dismissing {0} failed.</source>
        <translation>Не удалось уволить: {0}.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Ничего не изменено.</translation>
    </message>
    <message>
        <source>Stopping after the batch in flight…</source>
        <translation>Остановка после отправленного пакета запросов…</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>The portal stopped answering ({0}). Nothing is lost: resume later.</source>
        <translation>Битрикс24 перестал отвечать ({0}). Ничего не потеряно: продолжите позже.</translation>
    </message>
    <message>
        <source>Cancelled. The batch in flight was finished and recorded.</source>
        <translation>Отменено. Отправленный пакет запросов завершён и записан.</translation>
    </message>
</context>
<context>
    <name>SearchLine</name>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
</context>
<context>
    <name>SectionController</name>
    <message>
        <source>Loading stopped: {0}. The rows loaded so far are kept.</source>
        <extracomment>Rows appended per step; between steps the loop gets a turn, so no step stalls it long. Rows loaded without asking; past it, loading pauses until the view scrolls to the end.</extracomment>
        <translation>Загрузка остановлена: {0}. Уже загруженные строки сохранены.</translation>
    </message>
</context>
<context>
    <name>SectionTab</name>
    <message>
        <source>Search in {0}…</source>
        <translation>Поиск в разделе «{0}»…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открытые</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрытые</translation>
    </message>
    <message>
        <source>Show open, closed or all items</source>
        <translation>Показать открытые, закрытые или все элементы</translation>
    </message>
    <message>
        <source>Load again from the portal</source>
        <translation>Загрузить заново из Битрикс24</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>Ход загрузки</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} из {1}</translation>
    </message>
    <message>
        <source>Loading and selection status</source>
        <translation>Состояние загрузки и выбора</translation>
    </message>
    <message>
        <source>Every item of this person in this section on the portal, loaded or not. Untick rows to leave them out. (Ctrl+Shift+A)</source>
        <translation>Все элементы этого сотрудника в разделе в Битрикс24, загруженные и нет. Снимите отметку со строк, чтобы исключить их. (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Assign selected to successor…</source>
        <translation>Назначить выбранные преемнику…</translation>
    </message>
    <message>
        <source>Choose who receives the ticked items of this section</source>
        <translation>Выберите, кому достанутся отмеченные элементы раздела</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>all {0} except {1}</source>
        <translation>все {0}, кроме {1}</translation>
    </message>
    <message>
        <source>all {0}</source>
        <translation>все {0}</translation>
    </message>
    <message>
        <source>Loaded {0} of {1}</source>
        <translation>Загружено {0} из {1}</translation>
    </message>
    <message>
        <source>{0} · {1} selected</source>
        <translation>{0} · выбрано: {1}</translation>
    </message>
    <message>
        <source>For all ({0} {1}, incl. not loaded)</source>
        <translation>Для всех ({1}: {0}, включая незагруженные)</translation>
    </message>
    <message>
        <source>{0} owns no {1}.</source>
        <translation>За сотрудником {0} нет элементов в разделе «{1}».</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>Interrupted handover</source>
        <translation>Прерванная передача</translation>
    </message>
    <message>
        <source>The handover of {0}&apos;s items started {1} did not finish ({2} of {3} done). Resume it now? Nothing is done twice.</source>
        <translation>Передача элементов ({0}), начатая {1}, не завершена (выполнено {2} из {3}). Продолжить сейчас? Ничего не будет сделано дважды.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Позже</translation>
    </message>
    <message>
        <source>Assign the selected items to…</source>
        <translation>Назначить выбранные элементы…</translation>
    </message>
    <message>
        <source>{0} has been dismissed.</source>
        <translation>Уволен(а): {0}.</translation>
    </message>
    <message>
        <source>Dismissing {0} failed: {1}</source>
        <translation>Не удалось уволить: {0} ({1})</translation>
    </message>
    <message>
        <source>Undo this handover</source>
        <translation>Отменить эту передачу</translation>
    </message>
    <message>
        <source>Give every item this handover moved back to its previous responsible person? Items changed since are left alone.</source>
        <translation>Вернуть всем элементам, переданным этой передачей, прежнего ответственного? Элементы, изменённые с тех пор, останутся как есть.</translation>
    </message>
    <message>
        <source>Undoing the handover</source>
        <translation>Отмена передачи</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Экспорт отчёта</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Report saved to {0}.</source>
        <translation>Отчёт сохранён: {0}.</translation>
    </message>
    <message>
        <source>Dismiss employee</source>
        <translation>Уволить сотрудника</translation>
    </message>
    <message>
        <source>Dismiss {0}? They will no longer be able to log in to Bitrix24. An administrator can hire them again later.</source>
        <translation>Уволить: {0}? Вход в Битрикс24 станет невозможен. Администратор сможет позже снова принять сотрудника на работу.</translation>
    </message>
    <message>
        <source>Dismiss {0}</source>
        <translation>Уволить: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Язык сменится при следующем запуске.</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открытые</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрытые</translation>
    </message>
    <message>
        <source>Items shown in new tabs</source>
        <translation>Элементы, показываемые в новых вкладках</translation>
    </message>
    <message>
        <source>Standard (bursts of 50 requests, then 2 per second)</source>
        <translation>Стандартный (до 50 запросов подряд, затем 2 в секунду)</translation>
    </message>
    <message>
        <source>Enterprise (bursts of 250 requests, then 5 per second)</source>
        <translation>Энтерпрайз (до 250 запросов подряд, затем 5 в секунду)</translation>
    </message>
    <message>
        <source>Rate plan</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <source>Choose your Bitrix24 plan: it sets how fast the app may send requests.</source>
        <translation>Выберите тариф Битрикс24: от него зависит, как быстро приложение может отправлять запросы.</translation>
    </message>
    <message>
        <source>Journal folder</source>
        <translation>Папка журнала передач</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>New tabs &amp;show:</source>
        <translation>&amp;Новые вкладки показывают:</translation>
    </message>
    <message>
        <source>&amp;Rate plan:</source>
        <translation>&amp;Тариф:</translation>
    </message>
    <message>
        <source>&amp;Journal folder:</source>
        <translation>&amp;Папка журнала передач:</translation>
    </message>
    <message>
        <source>No live-feed post per item (leads, deals, contacts, companies, quotes)</source>
        <translation>Без записи в Живой ленте по каждому элементу (лиды, сделки, контакты, компании, предложения)</translation>
    </message>
    <message>
        <source>Bitrix24 posts nothing about the change in the live feed (REGISTER_SONET_EVENT=N). Other sections have no such switch.</source>
        <translation>Bitrix24 не публикует запись об изменении в Живой ленте (REGISTER_SONET_EVENT=N). У других разделов такого переключателя нет.</translation>
    </message>
    <message>
        <source>Add a timeline note to each item</source>
        <translation>Добавить комментарий в таймлайн каждого элемента</translation>
    </message>
    <message>
        <source>Send each successor one summary message</source>
        <translation>Отправить каждому преемнику одно итоговое сообщение</translation>
    </message>
    <message>
        <source>Handover options for new plans</source>
        <translation>Параметры передачи для новых планов</translation>
    </message>
    <message>
        <source>Choose the journal folder</source>
        <translation>Выберите папку журнала передач</translation>
    </message>
</context>
<context>
    <name>SuccessorPickerDialog</name>
    <message>
        <source>Choose the successor</source>
        <translation>Выберите преемника</translation>
    </message>
    <message>
        <source>Search by name, position or department…</source>
        <translation>Поиск по имени, должности или отделу…</translation>
    </message>
    <message>
        <source>Active employees</source>
        <translation>Действующие сотрудники</translation>
    </message>
    <message>
        <source>Hold Ctrl to choose several people.</source>
        <translation>Удерживайте Ctrl, чтобы выбрать несколько человек.</translation>
    </message>
    <message>
        <source>Recently chosen successors come first.</source>
        <translation>Недавно выбранные преемники — в начале списка.</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>Выбрать</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Name</source>
        <extracomment>Counts role: the user&apos;s per-section item counts (a Mapping, or None while unknown). Group role: 0 dismissed still owning items, 1 active, 2 dismissed owning nothing (or unknown).</extracomment>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Элементы</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>Ответственный за</translation>
    </message>
    <message>
        <source>Counting items…</source>
        <translation>Подсчёт элементов…</translation>
    </message>
    <message>
        <source>Owns no items</source>
        <translation>Нет элементов</translation>
    </message>
    <message>
        <source>{0} (dismissed)</source>
        <translation>{0} — уволен(а)</translation>
    </message>
</context>
</TS>
