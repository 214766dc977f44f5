# Interfejs Rapport po polsku.
language-name = Polski
language = Język
language-apply = Zmień
skip-to-content = Przejdź do treści
nav-main = Główne
nav-parties = Kontrahenci
nav-offerings = Oferta
palette-open = Szybkie wyszukiwanie
palette-placeholder = Znajdź kontrahenta lub przejdź do…
search-none = Nic nie pasuje.
sign-out = Wyloguj
save = Zapisz
cancel = Anuluj
choose = Wybierz…
none-yet = Na razie brak.
form-has-errors = Niektóre pola wymagają poprawy:
hint-comma-separated = Rozdziel przecinkami.
results-count = { $count ->
    [one] { $count } wynik
    [few] { $count } wyniki
   *[many] { $count } wyników
}

role-owner = właściciel
role-admin = administrator
role-manager = kierownik
role-sales = sprzedaż
role-marketing = marketing
role-service = obsługa
role-account-manager = opiekun klienta
role-viewer = podgląd

login-title = Logowanie
login-email = E-mail
login-password = Hasło
login-submit = Zaloguj
login-refused = Nieprawidłowy e-mail lub hasło.
login-throttled = Zbyt wiele prób. Odczekaj kilka minut i spróbuj ponownie.
login-no-workspace = Nie należysz do żadnego obszaru roboczego.

error-title = Coś poszło nie tak
error-back = Wróć do kontrahentów
error-not-found = Nic tu nie ma albo nie masz do tego dostępu.
error-forbidden = Twoja rola na to nie pozwala.
error-conflict = Ktoś inny w międzyczasie to zmienił. Odśwież stronę i spróbuj ponownie.
error-bad-form = Nie udało się odczytać formularza. Odśwież stronę i spróbuj ponownie.
error-busy = Rapport jest zajęty. Spróbuj ponownie za chwilę.
error-internal = Rapport nie mógł tego zrobić. Błąd został zapisany; spróbuj później.
error-csrf = Ten formularz wygasł albo nie pochodzi z Rapport. Odśwież stronę i spróbuj ponownie.

parties-title = Kontrahenci
parties-none = Brak pasujących kontrahentów.
parties-more = Więcej
party-new = Nowy kontrahent
party-new-person = Nowa osoba
party-new-organization = Nowa organizacja
party-edit = Edytuj
party-person = Osoba
party-organization = Organizacja
party-kind = Rodzaj kontrahenta
party-full-name = Imię i nazwisko
party-name = Nazwa
party-relationship = Relacja
party-email = E-mail
party-emails = Adresy e-mail
party-phone = Telefon
party-phones = Telefony
party-tags = Etykiety
party-birthday = Data urodzenia
party-internal = Część naszej firmy
party-details = Szczegóły
party-people = Osoby
party-organizations = Organizacje
party-consumers = Konsumenci jej zamówień
party-owner = Osoba odpowiedzialna
party-hand-over = Przekaż
party-whatsapp-to = WhatsApp do { $number }
party-team = Zespół obsługi
party-conflict = Ktoś inny zapisał tego kontrahenta po otwarciu formularza. Nic nie zostało nadpisane: Twoje zmiany są poniżej. Sprawdź zapisaną wersję, a potem zapisz ponownie, aby ją zastąpić.
party-conflict-see = Zobacz zapisaną wersję

filter-search = Szukaj
filter-kind = Rodzaj
filter-relationship = Relacja
filter-lifecycle = Etap
filter-tag = Etykieta
filter-any = Dowolny
filter-apply = Filtruj

relationship-title = Relacja
relationship-since = Od { $date }
relationship-overridden = Ustawiono ręcznie: { $kind }
relationship-why = Dlaczego
relationship-none = Jeszcze nie sklasyfikowano.

lifecycle-new = nowy
lifecycle-returning = powracający
lifecycle-loyal = lojalny
lifecycle-at-risk = zagrożony
lifecycle-lapsed = utracony

value-title = Wartość
value-p-alive = Szansa, że nadal kupuje
value-clv = Wartość w czasie ({ $months } mies.)
value-expected = Oczekiwane zakupy w przyszłym roku
value-fit = Wylicz model wartości
value-fit-offer = Wystarczająco wielu nabywców wróciło, by oszacować szansę kolejnych zakupów każdego z nich i ich wartość w czasie.
value-fit-needs = Model wartości wymaga co najmniej { $needed } nabywców, którzy kupowali w więcej niż jednym dniu; na razie jest ich { $have }.
value-fit-failed = Nie udało się wyliczyć modelu wartości z tych zamówień.
value-none = Model wartości nie został jeszcze wyliczony.

orders-title = Zamówienia
order-new = Zarejestruj zamówienie
order-for = Kupujący: { $name }
order-reference = Zamówienie
order-date = Data
order-status = Status
order-total = Razem
order-offering = Pozycja oferty
order-title = Zamówienie { $reference }
order-discount = Rabat
order-no-moves = Z tym zamówieniem nie ma już nic do zrobienia.
order-move-paid = Oznacz jako opłacone
order-move-fulfilled = Oznacz jako dostarczone
order-move-cancelled = Anuluj zamówienie
order-refund = Zwrot
order-refund-amount = Kwota do zwrotu (najwyżej { $left })
order-refund-hint = Zostaw puste, aby zwrócić całą pozostałą kwotę.
order-refund-reason = Powód
order-adjustments = Zwroty i wymiany
order-exchange = Wymiana
invalid-stale = Ktoś zmienił to zamówienie, odkąd strona została wyświetlona; sprawdź je ponownie.
invalid-conflict = W obecnej sytuacji nie można tego zrobić.
order-quantity = Ilość
order-channel = Kanał
order-end-users = Użytkownicy końcowi
order-end-users-hint = Osoby, które będą korzystać z zakupu, jeśli nie jest to kupujący.
order-end-user-search = Znajdź inną osobę
order-save = Zarejestruj zamówienie
order-no-offerings = Oferta jest jeszcze pusta.
order-status-placed = złożone
order-status-paid = opłacone
order-status-fulfilled = zrealizowane
order-status-cancelled = anulowane
order-status-refunded = zwrócone
order-status-partially-refunded = częściowo zwrócone

contracts-title = Umowy
contract-new = Nowa umowa
contract-for = Z: { $name }
contract-title = Tytuł
contract-scope = Zakres usług
contract-fee = Wynagrodzenie
contract-fee-fixed = Kwota stała
contract-fee-retainer = Ryczałt okresowy
contract-fee-hourly = Stawka godzinowa
contract-amount = Kwota lub stawka ({ $currency })
contract-period-days = Okres ryczałtu (dni)
contract-cap-hours = Limit godzin w miesiącu
contract-starts = Początek
contract-ends = Koniec
contract-renewal = Odnowienie
contract-renewal-manual = Ręczne
contract-renewal-automatic = Automatyczne
contract-notice-days = Okres wypowiedzenia (dni)
contract-save = Zapisz projekt
contract-client-signed = klient podpisał { $date }
contract-provider-signed = podpisaliśmy { $date }
contract-status-draft = projekt
contract-status-sent = wysłana
contract-status-signed = podpisana
contract-status-active = aktywna
contract-status-expired = wygasła
contract-status-terminated = wypowiedziana
contract-status-renewed = odnowiona
contract-step-send = Oznacz jako wysłaną
contract-step-activate = Aktywuj

team-role-account-manager = opiekun klienta
team-role-customer-success-manager = menedżer sukcesu klienta
team-role-service-representative = przedstawiciel obsługi

actions = Działania
offering-edit = Edytuj
offering-edit-named = Edytuj: { $name }
offering-retire = Wycofaj
offering-retire-named = Wycofaj: { $name }
offering-restore-named = Przywróć: { $name }
offering-retired = Wycofane
offering-retired-hint = Wycofanej pozycji nie można już zamówić; dawne zamówienia zachowują cenę, po której ją sprzedano.
offering-conflict = Ktoś zmienił tę pozycję, odkąd ją otwarto. Sprawdź wartości poniżej i zapisz ponownie.
offering-kind-fixed = rodzaj pozostaje taki, jak przy dodaniu; aby go zmienić, wycofaj pozycję i dodaj nową.
offering-price-history = Nowa cena dotyczy nowych zamówień; dawne zamówienia zachowują cenę sprzedaży.
amount-hint = Zapisz np. tak: { $example }.
offering-new = Nowa pozycja oferty
offering-name = Nazwa
offering-kind = Rodzaj
offering-price = Cena
offering-price-in = Cena ({ $currency })
offering-kind-goods = towar
offering-kind-service = usługa
offering-kind-professional-service = usługa profesjonalna
offering-kind-subscription = subskrypcja

timeline-title = Oś czasu
timeline-change = Zmieniono
timeline-classification = Zmiana relacji
timeline-note = Notatka
timeline-party-create = Utworzono
timeline-party-update = Edytowano
timeline-party-delete = Usunięto
timeline-party-restore = Przywrócono
timeline-order-create = Zarejestrowano zamówienie
timeline-order-status = Zmieniono status zamówienia
timeline-order-refund = Zwrócono zamówienie
timeline-order-exchange = Wymieniono zamówienie
timeline-contract-create = Utworzono projekt umowy
timeline-contract-send = Wysłano umowę
timeline-contract-sign = Podpisano umowę
timeline-contract-activate = Aktywowano umowę
timeline-contract-terminate = Wypowiedziano umowę
timeline-contract-renew = Odnowiono umowę
timeline-contract-use = Zarejestrowano wykorzystanie umowy
timeline-affiliation-create = Dodano powiązanie
timeline-affiliation-update = Zmieniono powiązanie
timeline-affiliation-delete = Usunięto powiązanie
timeline-note-create = Dodano notatkę
timeline-note-update = Edytowano notatkę
timeline-note-delete = Usunięto notatkę
timeline-account-team-create = Przydzielono członka zespołu obsługi
timeline-account-team-delete = Odwołano członka zespołu obsługi
timeline-relationship-override = Relację ustawiono ręcznie
timeline-relationship-clear-override = Zniesiono ręczne ustawienie relacji
timeline-playbook-create = Rozpoczęto plan konwersji
timeline-playbook-update = Zaktualizowano plan konwersji

invalid-too-short = Za krótkie.
invalid-too-many = Za dużo pozycji.
invalid-too-early = Rok nie może być wcześniejszy niż 1900.
invalid-invalid-country = Dwie litery, na przykład PL lub ID.
invalid-invalid-currency = Trzyliterowy kod, na przykład PLN lub IDR.
invalid-invalid-region = Dwie litery, na przykład PL lub ID.
invalid-invalid-time-zone = Strefa czasowa z listy, na przykład Europe/Warsaw.
invalid-invalid-locale = Rapport nie obsługuje tego języka.
invalid-invalid-kind = Wybierz jedną z dostępnych opcji.
invalid-invalid-lifecycle = To nie jest żaden z etapów.
invalid-invalid-role = To nie jest żadna z ról.
invalid-invalid-scope = To nie jest żaden z zakresów.
invalid-invalid-cursor = Ten odnośnik wygasł; zacznij od pierwszej strony.
invalid-invalid-member = To nie jest członek.
invalid-not-a-member = To nie jest członek tego obszaru roboczego.
invalid-not-a-person = Musi to być osoba.
invalid-not-an-organization = Musi to być organizacja.
invalid-not-after-at-risk = Musi być większa niż liczba dni dla etapu „zagrożony”.
invalid-not-below-at-risk = Musi być mniejsza niż próg dla etapu „zagrożony”.
invalid-notice = Okres wypowiedzenia: { $days ->
    [one] 1 dzień
   *[other] { $days } dni
}; umowa może się zakończyć najwcześniej { $date }.
invalid-after-end = Umowa kończy się { $date }; wybierz ten dzień lub wcześniejszy.
invalid-not-later = Nowa data zakończenia musi być późniejsza niż obecna i niż dzisiejsza.
invalid-before-from = Nie może być wcześniej niż początek okresu.
invalid-before-order = Nie może być wcześniej niż zamówienie.
invalid-invalid-lever = To nie jest żadne z dostępnych działań.
invalid-invalid-slug = Małe litery, cyfry i myślniki, najwyżej 40.
invalid-invalid-status = To nie jest żaden ze statusów.
invalid-invalid-transition = Zamówienie nie może przejść do tego statusu z obecnego.
invalid-more-than-paid = To więcej, niż zostało do zwrotu.
invalid-not-a-quota = To nie jest żaden z limitów umowy.
invalid-not-after-calibration-end = Musi być później niż koniec okresu dopasowania.
invalid-not-in-future = Musi być później niż dziś.
invalid-not-positive = Musi być większe od zera.
invalid-nothing-left = Zamówienie zostało już w całości zwrócone.
invalid-outside-contract = Musi mieścić się w okresie obowiązywania umowy.
invalid-refund-required = Zamiast tego zarejestruj zwrot zamówienia.
invalid-too-large = Nie może przekraczać ceny pozycji.
invalid-required = Pole wymagane.
invalid-empty = Pole wymagane.
invalid-too-long = Za długie.
invalid-control-character = Nie może zawierać znaków sterujących.
invalid-invalid-email = To nie jest adres e-mail.
invalid-invalid-phone = To nie jest numer telefonu w tym kraju ({ $region }). Zapisz go tak: { $example }, a numer zagraniczny z kodem kraju, np. +62 812-3456-7890.
invalid-invalid-date = To nie jest data (rok-miesiąc-dzień).
invalid-invalid-time = To nie jest data.
invalid-invalid-amount = To nie jest kwota. Zapisz ją tak: { $example }.
invalid-ambiguous-amount = Może chodzić o { $first } albo o { $second }. Wpisz kwotę tak, by było jasne, o którą.
invalid-invalid-number = To nie jest liczba całkowita.
invalid-invalid-quantity = Musi być liczbą całkowitą od 1.
invalid-invalid-tag = Etykieta nie może zawierać przecinka.
invalid-in-future = Nie może być w przyszłości.
invalid-in-past = Nie może być w przeszłości.
invalid-before-start = Nie może być przed początkiem.
invalid-negative = Nie może być ujemne.
invalid-out-of-range = Poza zakresem.
invalid-duplicate = Podano dwa razy.
invalid-taken = Już zajęte.

reason-internal = jest częścią naszej firmy (pracownik lub dział)
reason-signed-contract-in-force = ma obowiązującą umowę „{ $title }”, podpisaną przez obie strony
reason-signed-contract-in-force-until = ma obowiązującą umowę „{ $title }”, podpisaną przez obie strony, do { $until }
reason-signed-contract-terminated = ma umowę „{ $title }”, wypowiedzianą, ale jeszcze obowiązującą
reason-signed-contract-terminated-until = ma umowę „{ $title }”, wypowiedzianą, ale obowiązującą do { $until }
reason-contract-pending = { $party ->
    [organization] podpisała
   *[person] podpisał
} umowę „{ $title }”, która zaczyna obowiązywać { $start }
reason-personal-service = kupuje usługi profesjonalne (zamówienie { $order }) i { $party ->
    [organization] jest obsługiwana
   *[person] jest obsługiwany
} osobiście przez: { $member } ({ $role })
reason-bought = { $party ->
    [organization] { $count ->
        [one] kupiła raz
       *[other] kupowała w { $count } różnych dniach
    }
   *[person] { $count ->
        [one] kupił raz
       *[other] kupował w { $count } różnych dniach
    }
}, pierwszy raz { $first }, ostatnio { $last }
reason-lifecycle-model-lapsed = model zakupów wyliczony { $fitted } ocenia szansę dalszych zakupów poniżej { $percent } % od { $since }: utracony
reason-lifecycle-model-at-risk = model zakupów wyliczony { $fitted } ocenia szansę dalszych zakupów poniżej { $percent } % od { $since }: zagrożony
reason-lifecycle-quiet-lapsed = brak zakupu od { $last }: utracony po { $days ->
    [one] 1 dniu
   *[other] { $days } dniach
}
reason-lifecycle-quiet-at-risk = brak zakupu od { $last }: zagrożony po { $days ->
    [one] 1 dniu
   *[other] { $days } dniach
}
reason-lifecycle-loyal = { $party ->
    [organization] kupowała
   *[person] kupował
} w { $count } dniach w ciągu { $span } dni: lojalny nabywca
reason-lifecycle-returning = { $party ->
    [organization] wróciła
   *[person] wrócił
}, by kupić ponownie ({ $count ->
    [few] { $count } zakupy
   *[other] { $count } zakupów
})
reason-lifecycle-new = pierwszy zakup: pierwsze doświadczenie zdecyduje, czy wróci
reason-buyer-kind-b2b = organizacja kupująca na potrzeby swojej działalności (B2B)
reason-buyer-kind-b2c = osoba kupująca na własny użytek (B2C)
reason-end-user = korzysta z zakupu kontrahenta { $buyer } (zamówienie { $order }){ $more ->
    [0] {""}
   *[other] {" "}i jeszcze { $more }
}
reason-no-purchase = { $party ->
    [organization] jeszcze niczego nie kupiła ani z niczego nie korzystała
   *[person] jeszcze niczego nie kupił ani z niczego nie korzystał
}
reason-override-open = ustawiono ręcznie jako { $kind } ({ $by }): { $reason }
reason-override-until = ustawiono ręcznie jako { $kind } ({ $by }): { $reason }, do { $until }

nav-relationships = Relacje
dashboard-kinds = Kontrahenci według relacji
dashboard-stages = Nabywcy według etapu
dashboard-trend = Struktura w ostatnich dwunastu miesiącach
dashboard-numbers = Liczby
dashboard-month = Miesiąc
dashboard-candidates = Kto może zostać klientem
dashboard-no-candidates = Żaden nabywca nie wygląda jeszcze na przyszłego klienta.
dashboard-score = Wynik
dashboard-lever = Co zrobić
dashboard-clv = Wartość w czasie
dashboard-distribution = Wartość nabywców w czasie
dashboard-customers = Nabywcy
dashboard-forecast = Prognoza na 26 tygodni
dashboard-week = Tydzień
dashboard-transactions = Zakupy
dashboard-revenue = Przychód
dashboard-no-values = Za mało powracających nabywców, by ich wycenić.
lever-incentive = zaproponuj bezpłatną konsultację lub próbę dopasowaną do potrzeb
lever-best-service = zapewnij najlepszą obsługę: szybką odpowiedź i stałą osobę
lever-keep-in-touch = utrzymuj kontakt: informacje, życzenia, seminaria
lever-consistent-quality = za każdym razem ta sama jakość
lever-relational-selling = zaproponuj ryczałt lub umowę
reason-repeat-purchases = { $party ->
    [organization] kupowała
   *[person] kupował
} w { $count } różnych dniach
reason-tenure = nabywca od { $days } dni
reason-expected-value = według oczekiwań przyniesie { $value } w najbliższych latach
reason-buys-services = { $party ->
    [organization] kupiła
   *[person] kupił
} usługi { $count ->
    [one] raz
   *[other] { $count } razy
}
reason-staff-contact = { $party ->
    [organization] obsługiwana przez: { $name }
   *[person] obsługiwany przez: { $name }
}
reason-p-alive = { $percent } % szans, że nadal kupuje

nav-settings = Ustawienia
settings-saved = Zapisano.
settings-workspace = Obszar roboczy
settings-name = Nazwa
settings-currency = Waluta
settings-locale = Język obszaru roboczego
settings-time-zone = Strefa czasowa
settings-phone-region = Numery telefonów z kraju
settings-policy = Zasady klasyfikacji
settings-terminology = Nazwy relacji
settings-terminology-hint = Własna nazwa każdego rodzaju relacji w każdym języku; puste pole oznacza nazwę Rapport, pokazaną szarym kolorem.
settings-members = Członkowie i role
settings-role = Rola
settings-teams = Zespoły
settings-teams-hint = Członkowie zespołu widzą nawzajem swoje kontakty, jeśli ich rola obejmuje zespół.
settings-team-new = Nowy zespół
settings-team-name = Nazwa zespołu
settings-team-add = Dodaj do zespołu
settings-team-remove = Usuń { $name } z zespołu { $team }
settings-add-member = Dodaj członka
settings-tokens = Twoje tokeny API
settings-token-new = Nowy token
settings-token-create = Utwórz token
settings-token-scope = Zakres
settings-token-expires = Wygasa
settings-token-revoke = Unieważnij
settings-token-revoked = unieważniony
settings-token-secret = Skopiuj token teraz: jest pokazywany tylko ten jeden raz.
policy-loyal-min-purchases = Lojalny po tylu dniach z zakupem
policy-loyal-min-span-days = … rozłożonych na co najmniej tyle dni
policy-at-risk-after-days = Zagrożony po tylu dniach bez zakupu
policy-lapsed-after-days = Utracony po tylu dniach bez zakupu
policy-at-risk-below-alive-percent = Z modelem: zagrożony poniżej takiej szansy (%) dalszych zakupów
policy-lapsed-below-alive-percent = Z modelem: utracony poniżej takiej szansy (%) dalszych zakupów
policy-client-by-personal-service = Nabywca usług profesjonalnych obsługiwany przez opiekuna jest klientem
token-scope-read = tylko odczyt
token-scope-write = odczyt i zmiany danych
token-scope-admin = wszystko, na co pozwala rola
dashboard-own-book = Wszystkie liczby dotyczą kontrahentów, którymi się opiekujesz.

offering-tailored = Dopasowana do każdego klienta
invalid-invalid-fee = Wybierz sposób naliczania wynagrodzenia.
invalid-invalid-renewal = Wybierz ręczne lub automatyczne.
invalid-not-found = Nie znaleziono.
results-more = { $count ->
    [one] pokazano { $count } wynik; są kolejne
    [few] pokazano { $count } wyniki; są kolejne
   *[other] pokazano { $count } wyników; są kolejne
}

filter-owner = Osoba odpowiedzialna
filter-anyone = Wszyscy
filter-owner-me = Ja
filter-owner-none = Nikt
filter-account-team = Zespół obsługi
views-my-accounts = Pod moją opieką
views-title = Zapisane widoki
views-save-as = Zapisz te filtry jako
views-save = Zapisz widok
views-delete = Usuń widok { $name }
views-deleted = Widok został usunięty.
views-restore = Przywróć
invalid-unknown-filter = To nie jest filtr listy kontrahentów.
invalid-no-filter = Najpierw wybierz co najmniej jeden filtr.
invalid-invalid-owner = To nie jest członek.

error-action-refused = Nie udało się tego zrobić:
error-back-to-page = Wróć do strony
affiliation-add-person = Dodaj osobę, która tu pracuje
affiliation-add-organization = Dodaj organizację, w której pracuje
affiliation-find = Znajdź
affiliation-title = Stanowisko (opcjonalnie)
affiliation-save = Powiąż
team-assign = Przydziel do zespołu obsługi
team-member = Członek
team-remove = Usuń { $name } z zespołu obsługi
contract-step-terminate = Wypowiedz
contract-step-renew = Odnów do tego dnia
note-add = Dodaj notatkę
note-save = Zapisz notatkę
party-delete = Usuń
party-deleted = Usunięto: { $name }.
party-address = Adres pocztowy
address-street = Ulica
address-city = Miejscowość
address-region = Województwo lub region
address-postal-code = Kod pocztowy
address-country = Kraj
hint-country-code = Dwie litery, na przykład PL lub ID.
order-lines = Co kupiono
order-offering-n = Pozycja { $n }
invalid-repeated-filter = Podano dwa razy.

# Strona umowy.
contract-with = Z
contract-edit = Edytuj projekt
contract-terms = Warunki
contract-term = Okres obowiązywania
contract-open-ended = na czas nieokreślony
contract-every-days = { $count ->
    [one] codziennie
   *[other] co { $count } dni
}
contract-cap = najwyżej { $hours } godz. miesięcznie
contract-client-responsibilities = Obowiązki klienta
contract-provider-responsibilities = Nasze obowiązki
contract-outcomes = Oczekiwane rezultaty
contract-withdrawal = Klauzula odstąpienia
contract-signatures = Podpisy
contract-side-client = Klient
contract-side-provider = My
contract-not-signed = jeszcze niepodpisana
contract-client-signed-on = Data podpisu klienta
contract-provider-signed-on = Data naszego podpisu
contract-sign = Zapisz podpis
contract-terminate-on = Wypowiedz ze skutkiem od
contract-earliest-end = Najwcześniej { $date } (okres wypowiedzenia: { $days } dni).
contract-renew-until = Odnów do
contract-earliest-renewal = Najwcześniejszy nowy koniec to { $date }.
contract-quotas = Limity miesięczne
contract-quotas-hint = Co obejmuje opłata w każdym miesiącu, np. 20 godzin. Pusty wiersz zostanie pominięty.
contract-no-quotas = Ta umowa nie ma limitów.
contract-quota-unit = Jednostka
contract-quota-per-month = Miesięcznie
contract-quota-used = Wykorzystano w tym miesiącu
contract-overuse = ponad limit o { $over }
contract-record-use = Zapisz wykorzystanie
contract-use-amount = Ilość
contract-use-on = Dnia
contract-use-note = Uwaga
contract-uses-this-month = Zapisane w tym miesiącu
contract-unit-hours = godziny
contract-unit-requests = zgłoszenia
timeline-contract-update = Projekt zmieniony
invalid-changed = Ktoś zmienił to od wyświetlenia strony; spójrz jeszcze raz.
invalid-fixed = Umowy nie można przenieść na innego klienta.
order-add-line = Dodaj pozycję
order-exchange-returned = Zwrócono
order-exchange-instead = Wydano w zamian
order-exchange-record = Zapisz wymianę

# Ręczne ustalanie relacji i scenariusze konwersji na stronie 360°.
relationship-override-until = do { $date }
relationship-override-clear = Niech znów decydują reguły
relationship-override-set = Ustal relację ręcznie
relationship-override-kind = Relacja
relationship-override-reason = Powód
relationship-override-expires = Do (opcjonalnie)
relationship-override-expires-hint = Pierwszy dzień, od którego znów decydują reguły; puste pole — do odwołania.
relationship-override-save = Ustal ręcznie
playbook-title = Plan konwersji
playbook-started = Rozpoczęty { $date }
playbook-status-open = w toku
playbook-status-won = udany
playbook-status-dropped = porzucony
playbook-step = Podjęty krok
playbook-done-on = Dnia
playbook-note = Uwaga
playbook-record = Zapisz krok
playbook-mark-won = Oznacz jako udany
playbook-mark-dropped = Porzuć
playbook-reopen = Wznów
playbook-none = Brak planu: wybierz, jak pozyskać tego nabywcę jako klienta.
playbook-lever = Sposób
playbook-start = Rozpocznij plan
playbook-step-incentive-1 = zaproponuj bezpłatną konsultację
playbook-step-incentive-2 = zaproponuj dopasowany okres próbny
playbook-step-incentive-3 = wróć do oferty
playbook-step-best-service-1 = zadzwoń osobiście
playbook-step-best-service-2 = załatw otwarte sprawy
playbook-step-best-service-3 = wskaż osobę kontaktową
playbook-step-keep-in-touch-1 = dopisz do newslettera
playbook-step-keep-in-touch-2 = wyślij osobistą wiadomość
playbook-step-keep-in-touch-3 = wyślij życzenia urodzinowe
playbook-step-keep-in-touch-4 = zaproś na seminarium
playbook-step-consistent-quality-1 = przejrzyj ostatnie zamówienia
playbook-step-consistent-quality-2 = uzgodnij standard
playbook-step-consistent-quality-3 = zapytaj o zadowolenie po dostawie
playbook-step-relational-selling-1 = spotkaj się, by poznać potrzeby
playbook-step-relational-selling-2 = zaproponuj stałą umowę
playbook-step-relational-selling-3 = wyślij umowę

# Strona modelu wartości.
model-title = Model wartości
model-intro = Jak z zamówień wyliczane są szansa kolejnego zakupu i wartość życiowa każdego nabywcy oraz na ile zgadzało się to z rzeczywistością.
model-open = Jak wyliczany jest model wartości
model-in-use = W użyciu
model-fitted = Wyliczony
model-data = Z zamówień z okresu
model-customers = Nabywcy
model-repeat = kupili ponownie: { $count }
model-spend = Wartości życiowe
model-spend-yes = wyliczone
model-spend-no = jeszcze nie: za mało nabywców kupiło ponownie
model-parameters = Parametry modelu
model-fit-until = Zamówienia do
model-validation = Trafność prognoz
model-validation-intro = Wyliczony z zamówień do wybranego dnia, a potem porównany z ponownymi zakupami, które przyszły później.
model-holdout-period = Porównanie za okres
model-holdout-actual = Ponowne zakupy
model-holdout-expected = Oczekiwane
model-holdout-error = Rozbieżność
model-week-ending = Tydzień kończący się
model-no-validation = Jeszcze nie sprawdzony.
model-compare-until = Porównanie do
model-validate = Sprawdź model
invalid-cannot-fit = Z tych zamówień nie da się wyliczyć modelu.
hint-blank-row = Wpisz coś w pustym wierszu, by dodać kolejny; wyczyść wiersz, by go usunąć.
contact-label = Etykieta
contact-label-mobile = komórkowy
contact-label-work = służbowy
contact-label-home = domowy
contact-label-office = biuro
contact-label-whatsapp = WhatsApp
filter-sort = Kolejność
sort-name = Nazwa, od A do Z
sort-name-descending = Nazwa, od Z do A
sort-newest = Najnowsze najpierw
sort-oldest = Najstarsze najpierw
sort-changed = Ostatnio zmienione
invalid-invalid-sort = To nie jest żadna z kolejności.
error-title-forbidden = Brak uprawnień
error-title-not-found = Nie znaleziono
error-title-conflict = W międzyczasie zmieniono
error-title-refused = Nie wykonano
settings-read-only = Zmienić to może tylko właściciel lub administrator.
note-edit = Edytuj
party-works-at = Pracuje w
party-works-at-hint = Dla osoby: organizacja, w której pracuje, wyszukana po nazwie.
orders-all = Wszystkie zamówienia
contract-terminate-open = Wypowiedz umowę…
note-delete = Usuń
note-deleted = Notatkę usunięto.
note-restore = Przywróć
timeline-note-restore = Przywrócono notatkę
affiliation-change = Zmień
affiliation-end = Zakończ powiązanie
affiliation-ended = Powiązanie zakończono.
affiliation-restore = Cofnij
timeline-affiliation-restore = Przywrócono powiązanie
invalid-out-of-range-between = Musi być od { $min } do { $max }.
order-channel-whatsapp = WhatsApp
order-channel-store = w sklepie
order-channel-web = online
order-channel-invoice = na fakturę
settings-sign-in-link = Link do logowania
settings-sign-in-link-made = Przekaż ten link użytkownikowi { $name }, by ustawił własne hasło. Link jest widoczny tylko teraz i działa raz:
settings-sign-in-link-until = Działa do { $date }.
welcome-title = Ustaw hasło
welcome-intro = Wybierz hasło do logowania, co najmniej 10 znaków.
welcome-password = Nowe hasło
welcome-again = Powtórz hasło
welcome-save = Ustaw hasło
welcome-done = Hasło ustawione: zaloguj się nim.
welcome-spent = Ten link do logowania został już użyty albo wygasł. Poproś właściciela lub administratora o nowy.
login-forgot = Nie pamiętasz hasła? Właściciel lub administrator może dać ci link do logowania.
invalid-not-the-same = Nie jest takie samo jak pierwsze.
timeline-user-link = Utworzono link do logowania
invalid-last-owner = Obszar roboczy musi mieć co najmniej jednego właściciela: najpierw uczyń właścicielem kogoś innego.
filter-more = Więcej filtrów
webhooks = Webhooki
webhooks-hint = Rapport wysyła każde wybrane zdarzenie na te adresy, gdy tylko się wydarzy, podpisane zgodnie ze Standard Webhooks, i ponawia próbę, gdy adres nie odpowiada.
webhook-endpoints = Adresy docelowe
webhook-secret-once = Skopiuj teraz sekret podpisu dla { $url }: jest pokazywany tylko ten jeden raz.
webhook-url = Adres
webhook-events = Zdarzenia
webhook-state = Stan
webhook-enabled = Odbiera
webhook-paused = Wstrzymany
webhook-pause = Wstrzymaj
webhook-resume = Wznów
webhook-rotate = Nowy sekret
webhook-delete = Usuń
webhook-rotate-confirm = Nadać temu adresowi docelowemu nowy sekret? Stary podpisuje jeszcze przez dobę.
webhook-delete-confirm = Usunąć ten adres docelowy? Dostawy do niego ustaną.
webhook-new = Nowy adres docelowy
webhook-description = Opis
webhook-register = Zarejestruj
webhook-replayed = Dostawa jest wysyłana ponownie.
webhook-attempts = Próby dostarczenia
webhook-when = Kiedy
webhook-event = Zdarzenie
webhook-attempt = Próba
webhook-answer = Odpowiedź
webhook-latency = Czas
webhook-delivery = Dostawa
webhook-delivery-pending = Zostanie ponowiona
webhook-delivery-succeeded = Dostarczona
webhook-delivery-failed = Zaniechana
webhook-replay = Wyślij ponownie
jobs = Zadania
jobs-hint = Praca w tle: nocne przeliczenia, dopasowania modeli i dostawy webhooków. Zadanie, które się nie powiedzie, jest ponawiane z coraz dłuższą przerwą; takie, któremu skończyły się próby, zostaje tu jako martwe.
jobs-by-state = Zadania według stanu
jobs-all = Wszystkie
job-status-queued = Czeka
job-status-running = Trwa
job-status-done = Wykonane
job-status-dead = Martwe
job-status-cancelled = Anulowane
job-kind = Rodzaj
job-state = Stan
job-attempts = Próby
job-run-at = Kiedy
job-last-error = Ostatni błąd
job-retry = Spróbuj ponownie
job-cancel = Anuluj
invalid-invalid-url = To nie jest adres http ani https.
invalid-invalid-event-type = To nie jest rodzaj zdarzenia.
invalid-forbidden-address = Adres wewnątrz tej sieci: ten serwer takich nie wywołuje.
