<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ItemEdits</name>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>named value</source>
        <translation>benannter Wert</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>fragment</source>
        <translation>Fragment</translation>
    </message>
    <message>
        <source>item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>There is no %1 “%2” any more.</source>
        <translation>%1 „%2“ gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>Delete %1 “%2”</source>
        <translation>%1 „%2“ löschen</translation>
    </message>
    <message>
        <source>Another %1 is already called “%2”.</source>
        <translation>Es gibt bereits %1 „%2“.</translation>
    </message>
    <message>
        <source>Rename %1 “%2” to “%3”</source>
        <translation>%1 „%2“ in „%3“ umbenennen</translation>
    </message>
    <message>
        <source>This item cannot be deleted or renamed.</source>
        <translation>Dieses Element kann weder gelöscht noch umbenannt werden.</translation>
    </message>
    <message>
        <source>Cannot %1 %2 “%3”: it is still used by %4.</source>
        <translation>%2 „%3“: %1 nicht möglich, es wird noch verwendet von %4.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>This item cannot be deleted.</source>
        <translation>Dieses Element kann nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>This item cannot be renamed.</source>
        <translation>Dieses Element kann nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>“%1” is not a valid name: %2.</source>
        <translation>„%1“ ist kein gültiger Name: %2.</translation>
    </message>
    <message>
        <source>rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Open a workspace before importing an API.</source>
        <translation>Öffnen Sie einen Arbeitsbereich, bevor Sie eine API importieren.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: not an OpenAPI or Swagger document.</source>
        <translation>%1: kein OpenAPI- oder Swagger-Dokument.</translation>
    </message>
    <message>
        <source>%1 was not imported:
%2</source>
        <translation>%1 wurde nicht importiert:
%2</translation>
    </message>
    <message>
        <source>Import API “%1”</source>
        <translation>API „%1“ importieren</translation>
    </message>
</context>
<context>
    <name>ItemReferences</name>
    <message>
        <source>the global policy</source>
        <translation>der globalen Richtlinie</translation>
    </message>
    <message>
        <source>the policy of API “%1”</source>
        <translation>der Richtlinie der API „%1“</translation>
    </message>
    <message>
        <source>the policy of operation “%1/%2”</source>
        <translation>der Richtlinie der Operation „%1/%2“</translation>
    </message>
    <message>
        <source>the policy of product “%1”</source>
        <translation>der Richtlinie des Produkts „%1“</translation>
    </message>
    <message>
        <source>fragment “%1”</source>
        <translation>Fragment „%1“</translation>
    </message>
    <message>
        <source>product “%1”</source>
        <translation>Produkt „%1“</translation>
    </message>
    <message>
        <source>subscription “%1”</source>
        <translation>Abonnement „%1“</translation>
    </message>
    <message>
        <source>API “%1”</source>
        <translation>API „%1“</translation>
    </message>
    <message>
        <source>backend “%1”</source>
        <translation>Backend „%1“</translation>
    </message>
</context>
<context>
    <name>PrometheusText</name>
    <message>
        <source>expected a metric name</source>
        <translation>Metrikname erwartet</translation>
    </message>
    <message>
        <source>expected a space before the value</source>
        <translation>Leerzeichen vor dem Wert erwartet</translation>
    </message>
    <message>
        <source>expected a number as the value</source>
        <translation>Zahl als Wert erwartet</translation>
    </message>
    <message>
        <source>expected a timestamp or the end of the line</source>
        <translation>Zeitstempel oder Zeilenende erwartet</translation>
    </message>
    <message>
        <source>expected the end of the line</source>
        <translation>Zeilenende erwartet</translation>
    </message>
    <message>
        <source>expected a label name or &apos;}&apos;</source>
        <translation>Labelname oder &apos;}&apos; erwartet</translation>
    </message>
    <message>
        <source>expected &apos;=&apos; after the label name</source>
        <translation>&apos;=&apos; nach dem Labelnamen erwartet</translation>
    </message>
    <message>
        <source>expected a quoted label value</source>
        <translation>Labelwert in Anführungszeichen erwartet</translation>
    </message>
    <message>
        <source>expected &apos;&quot;&apos; to close the label value</source>
        <translation>&apos;&quot;&apos; als Ende des Labelwerts erwartet</translation>
    </message>
    <message>
        <source>expected \\, \&quot; or \n after a backslash</source>
        <translation>\\, \&quot; oder \n nach einem Backslash erwartet</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos; after a label</source>
        <translation>&apos;,&apos; oder &apos;}&apos; nach einem Label erwartet</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>New subscription %1</source>
        <translation>Neues Abonnement %1</translation>
    </message>
    <message>
        <source>Create subscription %1</source>
        <translation>Abonnement %1 anlegen</translation>
    </message>
    <message>
        <source>Regenerate primary key</source>
        <translation>Primärschlüssel neu erzeugen</translation>
    </message>
    <message>
        <source>Regenerate secondary key</source>
        <translation>Sekundärschlüssel neu erzeugen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Design a Portico workspace and run its local gateway.</source>
        <translation>Einen Portico-Arbeitsbereich entwerfen und sein lokales Gateway betreiben.</translation>
    </message>
    <message>
        <source>Workspace folder to open.</source>
        <translation>Zu öffnender Arbeitsbereichsordner.</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE and quit.</source>
        <translation>Ein Bild des Fensters in DATEI speichern und beenden.</translation>
    </message>
    <message>
        <source>Select the item KIND:ID first (e.g. api:orders).</source>
        <translation>Zuerst das Element ART:ID auswählen (z. B. api:orders).</translation>
    </message>
    <message>
        <source>Wait MS milliseconds before the screenshot (default 1500).</source>
        <translation>MS Millisekunden vor dem Bildschirmfoto warten (Standard 1500).</translation>
    </message>
    <message>
        <source>Start the local gateway on the workspace.</source>
        <translation>Das lokale Gateway für den Arbeitsbereich starten.</translation>
    </message>
    <message>
        <source>Port of the local gateway (default: a free one).</source>
        <translation>Port des lokalen Gateways (Standard: ein freier).</translation>
    </message>
    <message>
        <source>Show the gateway panel&apos;s VIEW: log or charts.</source>
        <translation>Die Ansicht VIEW des Gateway-Bereichs zeigen: log oder charts.</translation>
    </message>
    <message>
        <source>Use the SCHEME colours for this run: system, light or dark (default: as chosen in View &gt; Appearance).</source>
        <translation>Für diesen Lauf die Farben SCHEME verwenden: system, light oder dark (Standard: wie unter Ansicht &gt; Erscheinungsbild gewählt).</translation>
    </message>
    <message>
        <source>--color-scheme: unknown scheme &quot;%1&quot; (expected system, light or dark)</source>
        <translation>--color-scheme: unbekanntes Schema &quot;%1&quot; (erwartet: system, light oder dark)</translation>
    </message>
</context>
<context>
    <name>portico::ui</name>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Global policy</source>
        <translation>Globale Richtlinie</translation>
    </message>
</context>
<context>
    <name>portico::ui::ApiEditor</name>
    <message>
        <source>API · apis/%1</source>
        <translation>API · apis/%1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>URL suffix</source>
        <translation>URL-Suffix</translation>
    </message>
    <message>
        <source>orders (the gateway serves it at /orders)</source>
        <translation>orders (das Gateway stellt sie unter /orders bereit)</translation>
    </message>
    <message>
        <source>Service URL</source>
        <translation>Dienst-URL</translation>
    </message>
    <message>
        <source>https://backend.example.com/api</source>
        <translation>https://backend.example.com/api</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>None (use the service URL)</source>
        <translation>Keines (Dienst-URL verwenden)</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (fehlt)</translation>
    </message>
    <message>
        <source>Set a service URL or choose a backend.</source>
        <translation>Eine Dienst-URL angeben oder ein Backend wählen.</translation>
    </message>
    <message>
        <source>Change backend</source>
        <translation>Backend ändern</translation>
    </message>
    <message>
        <source>Protocol %1</source>
        <translation>Protokoll %1</translation>
    </message>
    <message>
        <source>Change protocols</source>
        <translation>Protokolle ändern</translation>
    </message>
    <message>
        <source>Protocols:</source>
        <translation>Protokolle:</translation>
    </message>
    <message>
        <source>Versioning</source>
        <translation>Versionierung</translation>
    </message>
    <message>
        <source>Versioning scheme</source>
        <translation>Versionierungsschema</translation>
    </message>
    <message>
        <source>Not versioned</source>
        <translation>Nicht versioniert</translation>
    </message>
    <message>
        <source>Path segment</source>
        <translation>Pfadsegment</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Query parameter</source>
        <translation>Abfrageparameter</translation>
    </message>
    <message>
        <source>Change versioning scheme</source>
        <translation>Versionierungsschema ändern</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Version set</source>
        <translation>Versionsgruppe</translation>
    </message>
    <message>
        <source>Version header</source>
        <translation>Versions-Header</translation>
    </message>
    <message>
        <source>Version query parameter</source>
        <translation>Versions-Abfrageparameter</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Subscription required</source>
        <translation>Abonnement erforderlich</translation>
    </message>
    <message>
        <source>Key header name</source>
        <translation>Header-Name des Schlüssels</translation>
    </message>
    <message>
        <source>Key query parameter</source>
        <translation>Abfrageparameter des Schlüssels</translation>
    </message>
    <message>
        <source>OAuth scopes</source>
        <translation>OAuth-Bereiche</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Add scope</source>
        <translation>Bereich hinzufügen</translation>
    </message>
    <message>
        <source>Remove scope</source>
        <translation>Bereich entfernen</translation>
    </message>
    <message>
        <source>Take scopes from the specification</source>
        <translation>Bereiche aus der Spezifikation übernehmen</translation>
    </message>
    <message>
        <source>Edit OAuth scope</source>
        <translation>OAuth-Bereich bearbeiten</translation>
    </message>
    <message>
        <source>new.scope</source>
        <translation>neuer.bereich</translation>
    </message>
    <message>
        <source>Add OAuth scope</source>
        <translation>OAuth-Bereich hinzufügen</translation>
    </message>
    <message>
        <source>Remove OAuth scope</source>
        <translation>OAuth-Bereich entfernen</translation>
    </message>
    <message>
        <source>Take OAuth scopes from the specification</source>
        <translation>OAuth-Bereiche aus der Spezifikation übernehmen</translation>
    </message>
</context>
<context>
    <name>portico::ui::BackendEditor</name>
    <message>
        <source>Backend · backends/%1.yaml</source>
        <translation>Backend · backends/%1.yaml</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>https://orders.internal.example.com</source>
        <translation>https://orders.internal.example.com</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>SOAP</source>
        <translation>SOAP</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Validate the certificate chain</source>
        <translation>Zertifikatskette prüfen</translation>
    </message>
    <message>
        <source>Validate the certificate name</source>
        <translation>Zertifikatsnamen prüfen</translation>
    </message>
    <message>
        <source>Extra CA file</source>
        <translation>Zusätzliche CA-Datei</translation>
    </message>
    <message>
        <source>certs/internal-ca.pem (relative to the workspace)</source>
        <translation>certs/internal-ca.pem (relativ zum Arbeitsbereich)</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Client-Zertifikat</translation>
    </message>
    <message>
        <source>keychain:portico/orders-client-cert</source>
        <translation>keychain:portico/orders-client-cert</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Anmeldedaten</translation>
    </message>
    <message>
        <source>Header name</source>
        <translation>Header-Name</translation>
    </message>
    <message>
        <source>Header value</source>
        <translation>Header-Wert</translation>
    </message>
    <message>
        <source>{{orders-key}} or env:ORDERS_KEY</source>
        <translation>{{orders-key}} oder env:ORDERS_KEY</translation>
    </message>
</context>
<context>
    <name>portico::ui::CommandPalette</name>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Named value</source>
        <translation>Benannter Wert</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Fragment</source>
        <translation>Fragment</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Command palette</source>
        <translation>Befehlspalette</translation>
    </message>
    <message>
        <source>Go to an API, operation, product, user…</source>
        <translation>Zu einer API, Operation, einem Produkt, Benutzer … springen</translation>
    </message>
    <message>
        <source>Search items</source>
        <translation>Elemente suchen</translation>
    </message>
    <message>
        <source>Matching items</source>
        <translation>Passende Elemente</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
</context>
<context>
    <name>portico::ui::Editor</name>
    <message>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <source>Expected a secret reference (keychain:, env:, file:, keyvault:) or a {{named-value}}: %1</source>
        <translation>Erwartet wird ein Geheimnisverweis (keychain:, env:, file:, keyvault:) oder ein {{benannter-wert}}: %1</translation>
    </message>
    <message>
        <source>Problems of this item</source>
        <translation>Probleme dieses Elements</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>Dieses Feld ist erforderlich.</translation>
    </message>
    <message>
        <source>Enter a URL such as https://backend.example.com/api.</source>
        <translation>Eine URL wie https://backend.example.com/api eingeben.</translation>
    </message>
    <message>
        <source>Expected an absolute http, https, ws or wss URL with a host.</source>
        <translation>Erwartet wird eine absolute http-, https-, ws- oder wss-URL mit Host.</translation>
    </message>
    <message>
        <source>Write the path without a leading or trailing &apos;/&apos;.</source>
        <translation>Den Pfad ohne führenden oder abschließenden &apos;/&apos; schreiben.</translation>
    </message>
    <message>
        <source>The path may only contain URL path characters (no spaces).</source>
        <translation>Der Pfad darf nur URL-Pfadzeichen enthalten (keine Leerzeichen).</translation>
    </message>
    <message>
        <source>Expected an address like name@example.com.</source>
        <translation>Erwartet wird eine Adresse wie name@example.com.</translation>
    </message>
    <message>
        <source>Not a valid HTTP header name.</source>
        <translation>Kein gültiger HTTP-Header-Name.</translation>
    </message>
</context>
<context>
    <name>portico::ui::GatewayCharts</name>
    <message>
        <source>Requests per second</source>
        <translation>Anfragen pro Sekunde</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>Anfr./s</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Responses by status class</source>
        <translation>Antworten nach Statusklasse</translation>
    </message>
    <message>
        <source>per s</source>
        <translation>pro s</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Throttled/s</source>
        <translation>Gedrosselt/s</translation>
    </message>
</context>
<context>
    <name>portico::ui::GatewayEditor</name>
    <message>
        <source>Expected ADDRESS:PORT such as 127.0.0.1:8080, not “%1”.</source>
        <translation>Erwartet wird ADRESSE:PORT wie 127.0.0.1:8080, nicht „%1“.</translation>
    </message>
    <message>
        <source>Gateway · portico.yaml</source>
        <translation>Gateway · portico.yaml</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Empfang</translation>
    </message>
    <message>
        <source>HTTP addresses</source>
        <translation>HTTP-Adressen</translation>
    </message>
    <message>
        <source>127.0.0.1:8080, [::1]:8080</source>
        <translation>127.0.0.1:8080, [::1]:8080</translation>
    </message>
    <message>
        <source>HTTPS addresses</source>
        <translation>HTTPS-Adressen</translation>
    </message>
    <message>
        <source>Admin endpoint</source>
        <translation>Admin-Endpunkt</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>certs/gateway.pem</source>
        <translation>certs/gateway.pem</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <source>keychain:portico/gateway-key</source>
        <translation>keychain:portico/gateway-key</translation>
    </message>
    <message>
        <source>Client CA</source>
        <translation>Client-CA</translation>
    </message>
    <message>
        <source>Client certificates</source>
        <translation>Client-Zertifikate</translation>
    </message>
    <message>
        <source>Not requested</source>
        <translation>Nicht angefordert</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>Protokollstufe</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Access log</source>
        <translation>Zugriffsprotokoll</translation>
    </message>
    <message>
        <source>logs/access.log (empty: standard output)</source>
        <translation>logs/access.log (leer: Standardausgabe)</translation>
    </message>
</context>
<context>
    <name>portico::ui::GatewayLogModel</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>portico::ui::GatewayPanel</name>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>A port on 127.0.0.1; Auto picks a free one.</source>
        <translation>Ein Port auf 127.0.0.1; „Automatisch“ wählt einen freien.</translation>
    </message>
    <message>
        <source>Local gateway</source>
        <translation>Lokales Gateway</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Start Gateway</source>
        <translation>Gateway &amp;starten</translation>
    </message>
    <message>
        <source>Ctrl+F5</source>
        <translation>Ctrl+F5</translation>
    </message>
    <message>
        <source>Run the workspace locally</source>
        <translation>Den Arbeitsbereich lokal ausführen</translation>
    </message>
    <message>
        <source>S&amp;top Gateway</source>
        <translation>Gateway &amp;beenden</translation>
    </message>
    <message>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <source>Stop the local gateway</source>
        <translation>Das lokale Gateway beenden</translation>
    </message>
    <message>
        <source>&amp;Restart Gateway</source>
        <translation>Gateway &amp;neu starten</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F5</source>
        <translation>Ctrl+Shift+F5</translation>
    </message>
    <message>
        <source>Stop the local gateway and start it again</source>
        <translation>Das lokale Gateway beenden und wieder starten</translation>
    </message>
    <message>
        <source>Gateway port</source>
        <translation>Gateway-Port</translation>
    </message>
    <message>
        <source>Admin port</source>
        <translation>Admin-Port</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Admin port:</source>
        <translation>&amp;Admin-Port:</translation>
    </message>
    <message>
        <source>Gateway state</source>
        <translation>Gateway-Zustand</translation>
    </message>
    <message>
        <source>Gateway health</source>
        <translation>Gateway-Gesundheit</translation>
    </message>
    <message>
        <source>Gateway crash report</source>
        <translation>Absturzbericht des Gateways</translation>
    </message>
    <message>
        <source>Last lines of the gateway</source>
        <translation>Letzte Zeilen des Gateways</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Restart the gateway</source>
        <translation>Das Gateway neu starten</translation>
    </message>
    <message>
        <source>Filter the gateway log</source>
        <translation>Das Gateway-Protokoll filtern</translation>
    </message>
    <message>
        <source>Filter (Ctrl+Shift+L)</source>
        <translation>Filtern (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>Protokollstufe</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <source>Everything (debug)</source>
        <translation>Alles (Debug)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Clear the gateway log</source>
        <translation>Das Gateway-Protokoll leeren</translation>
    </message>
    <message>
        <source>Gateway log</source>
        <translation>Gateway-Protokoll</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>Gateway views</source>
        <translation>Gateway-Ansichten</translation>
    </message>
    <message>
        <source>Lo&amp;g</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>&amp;Charts</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>No workspace</source>
        <translation>Kein Arbeitsbereich</translation>
    </message>
    <message>
        <source>Open a workspace before starting the gateway.</source>
        <translation>Öffnen Sie einen Arbeitsbereich, bevor Sie das Gateway starten.</translation>
    </message>
    <message>
        <source>The workspace has unsaved changes; the gateway serves the saved files.</source>
        <translation>Der Arbeitsbereich hat ungespeicherte Änderungen; das Gateway bedient die gespeicherten Dateien.</translation>
    </message>
    <message>
        <source>Keychain secret not available: %1</source>
        <translation>Geheimnis im Schlüsselbund nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Cannot start the gateway</source>
        <translation>Das Gateway kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>&lt;b&gt;The gateway crashed.&lt;/b&gt; Its last lines are below.</source>
        <translation>&lt;b&gt;Das Gateway ist abgestürzt.&lt;/b&gt; Seine letzten Zeilen stehen unten.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The gateway stopped unexpectedly&lt;/b&gt; (exit code %1). Its last lines are below.</source>
        <translation>&lt;b&gt;Das Gateway wurde unerwartet beendet&lt;/b&gt; (Exit-Code %1). Seine letzten Zeilen stehen unten.</translation>
    </message>
    <message>
        <source>Gateway: reading secrets…</source>
        <translation>Gateway: Geheimnisse werden gelesen …</translation>
    </message>
    <message>
        <source>Gateway: stopped</source>
        <translation>Gateway: beendet</translation>
    </message>
    <message>
        <source>Gateway: starting…</source>
        <translation>Gateway: startet …</translation>
    </message>
    <message>
        <source>Gateway: running on :%1</source>
        <translation>Gateway: läuft auf :%1</translation>
    </message>
    <message>
        <source>Gateway: running on :%1, not ready</source>
        <translation>Gateway: läuft auf :%1, nicht bereit</translation>
    </message>
    <message>
        <source>Gateway: stopping…</source>
        <translation>Gateway: wird beendet …</translation>
    </message>
    <message>
        <source>Gateway: crashed</source>
        <translation>Gateway: abgestürzt</translation>
    </message>
    <message>
        <source>http://127.0.0.1:%1 — admin on port %2</source>
        <translation>http://127.0.0.1:%1 — Admin auf Port %2</translation>
    </message>
    <message>
        <source>%1 live %2 ready</source>
        <translation>%1 aktiv %2 bereit</translation>
    </message>
    <message>
        <source>From the admin endpoint&apos;s /health and /ready</source>
        <translation>Aus /health und /ready des Admin-Endpunkts</translation>
    </message>
</context>
<context>
    <name>portico::ui::GatewayProcess</name>
    <message>
        <source>The gateway is already running.</source>
        <translation>Das Gateway läuft bereits.</translation>
    </message>
    <message>
        <source>Cannot find the portico-gateway program next to Portico Studio or on the PATH.</source>
        <translation>Das Programm portico-gateway wurde weder neben Portico Studio noch im PATH gefunden.</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 ist kein Ordner.</translation>
    </message>
    <message>
        <source>No free port on 127.0.0.1 for the gateway.</source>
        <translation>Kein freier Port auf 127.0.0.1 für das Gateway.</translation>
    </message>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>Starting the gateway on http://127.0.0.1:%1 (admin on port %2) for %3</source>
        <translation>Das Gateway startet auf http://127.0.0.1:%1 (Admin auf Port %2) für %3</translation>
    </message>
    <message>
        <source>The gateway stopped.</source>
        <translation>Das Gateway wurde beendet.</translation>
    </message>
    <message>
        <source>The gateway crashed.</source>
        <translation>Das Gateway ist abgestürzt.</translation>
    </message>
    <message>
        <source>The gateway exited with code %1.</source>
        <translation>Das Gateway wurde mit Code %1 beendet.</translation>
    </message>
    <message>
        <source>/metrics: %1</source>
        <translation>/metrics: %1</translation>
    </message>
    <message>
        <source>Reloaded the workspace: configuration version %1.</source>
        <translation>Arbeitsbereich neu geladen: Konfigurationsversion %1.</translation>
    </message>
    <message>
        <source>Reload refused: %1</source>
        <translation>Neu laden abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>portico::ui::KeyRevealDialog</name>
    <message>
        <source>Subscription keys</source>
        <translation>Abonnementschlüssel</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy the key now: it is shown only once.&lt;/b&gt; The workspace keeps only a salted hash of it; the key itself goes to your keychain.</source>
        <translation>&lt;b&gt;Kopieren Sie den Schlüssel jetzt: Er wird nur einmal angezeigt.&lt;/b&gt; Der Arbeitsbereich speichert nur einen gesalzenen Hash; der Schlüssel selbst kommt in Ihren Schlüsselbund.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>%1 kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>Keychain status</source>
        <translation>Schlüsselbund-Status</translation>
    </message>
    <message>
        <source>Storing in the keychain…</source>
        <translation>Wird im Schlüsselbund gespeichert …</translation>
    </message>
    <message>
        <source>Stored in the keychain (service “%1”, %2).</source>
        <translation>Im Schlüsselbund gespeichert (Dienst „%1“, %2).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not stored in the keychain:&lt;/b&gt; %1. Copy the key now or regenerate it later.</source>
        <translation>&lt;b&gt;Nicht im Schlüsselbund gespeichert:&lt;/b&gt; %1. Kopieren Sie den Schlüssel jetzt oder erzeugen Sie ihn später neu.</translation>
    </message>
    <message>
        <source>Primary key</source>
        <translation>Primärschlüssel</translation>
    </message>
    <message>
        <source>Secondary key</source>
        <translation>Sekundärschlüssel</translation>
    </message>
</context>
<context>
    <name>portico::ui::KeychainSecretStore</name>
    <message>
        <source>Keychain: %1</source>
        <translation>Schlüsselbund: %1</translation>
    </message>
</context>
<context>
    <name>portico::ui::MainWindow</name>
    <message>
        <source>Workspace explorer</source>
        <translation>Arbeitsbereich-Explorer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No workspace open&lt;/h3&gt;&lt;p&gt;Open a workspace folder with &lt;b&gt;Ctrl+O&lt;/b&gt; or create one with &lt;b&gt;Ctrl+N&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Once open, press &lt;b&gt;Ctrl+K&lt;/b&gt; to jump to any API, operation, product or user.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Kein Arbeitsbereich geöffnet&lt;/h3&gt;&lt;p&gt;Öffnen Sie einen Arbeitsbereichsordner mit &lt;b&gt;Strg+O&lt;/b&gt; oder legen Sie einen mit &lt;b&gt;Strg+N&lt;/b&gt; an.&lt;/p&gt;&lt;p&gt;Danach springen Sie mit &lt;b&gt;Strg+K&lt;/b&gt; zu jeder API, Operation, jedem Produkt oder Benutzer.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>Select an item in the explorer, or press Ctrl+K.</source>
        <translation>Wählen Sie ein Element im Explorer oder drücken Sie Strg+K.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich …</translation>
    </message>
    <message>
        <source>Create a workspace in an empty folder</source>
        <translation>Einen Arbeitsbereich in einem leeren Ordner anlegen</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open a workspace folder</source>
        <translation>Einen Arbeitsbereichsordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save the workspace</source>
        <translation>Den Arbeitsbereich speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit Portico Studio</source>
        <translation>Portico Studio beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <source>&amp;Go to Item…</source>
        <translation>&amp;Gehe zu Element …</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Jump to any item by name</source>
        <translation>Über den Namen zu einem Element springen</translation>
    </message>
    <message>
        <source>New &amp;Subscription…</source>
        <translation>Neues &amp;Abonnement …</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>Create a subscription and show its keys once</source>
        <translation>Ein Abonnement anlegen und seine Schlüssel einmal anzeigen</translation>
    </message>
    <message>
        <source>&amp;Explorer</source>
        <translation>&amp;Explorer</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Move the focus to the explorer</source>
        <translation>Den Fokus in den Explorer setzen</translation>
    </message>
    <message>
        <source>E&amp;ditor</source>
        <translation>E&amp;ditor</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>Move the focus to the editor</source>
        <translation>Den Fokus in den Editor setzen</translation>
    </message>
    <message>
        <source>&amp;Validate Workspace</source>
        <translation>Arbeitsbereich &amp;prüfen</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Check the whole workspace again</source>
        <translation>Den ganzen Arbeitsbereich erneut prüfen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Problems</source>
        <translation>&amp;Probleme</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Validation state</source>
        <translation>Prüfstatus</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot save workspace</source>
        <translation>Arbeitsbereich kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The workspace “%1” has unsaved changes. Save them?</source>
        <translation>Der Arbeitsbereich „%1“ hat ungespeicherte Änderungen. Speichern?</translation>
    </message>
    <message>
        <source>Choose an empty folder for the new workspace</source>
        <translation>Einen leeren Ordner für den neuen Arbeitsbereich wählen</translation>
    </message>
    <message>
        <source>Cannot create workspace</source>
        <translation>Arbeitsbereich kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No recent workspaces</source>
        <translation>Keine zuletzt geöffneten Arbeitsbereiche</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Menü leeren</translation>
    </message>
    <message>
        <source>Nothing to edit here.</source>
        <translation>Hier gibt es nichts zu bearbeiten.</translation>
    </message>
    <message>
        <source>The item was removed.</source>
        <translation>Das Element wurde entfernt.</translation>
    </message>
    <message>
        <source>%1[*] — Portico Studio</source>
        <translation>%1[*] — Portico Studio</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Portico Studio</source>
        <translation>Portico Studio</translation>
    </message>
    <message>
        <source>No workspace</source>
        <translation>Kein Arbeitsbereich</translation>
    </message>
    <message>
        <source>&lt;img src=&quot;:/icons/ok.svg&quot; width=14 height=14&gt; Valid</source>
        <translation>&lt;img src=&quot;:/icons/ok.svg&quot; width=14 height=14&gt; Gültig</translation>
    </message>
    <message>
        <source>&lt;img src=&quot;:/icons/%1.svg&quot; width=14 height=14&gt; %2, %3</source>
        <translation>&lt;img src=&quot;:/icons/%1.svg&quot; width=14 height=14&gt; %2, %3</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 Fehler</translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation>%1 Fehler</translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation>1 Warnung</translation>
    </message>
    <message>
        <source>%1 warnings</source>
        <translation>%1 Warnungen</translation>
    </message>
    <message>
        <source>Double-click a row of the Problems panel to go to the item.</source>
        <translation>Doppelklick auf eine Zeile der Problemliste springt zum Element.</translation>
    </message>
    <message>
        <source>&amp;Import OpenAPI…</source>
        <translation>OpenAPI &amp;importieren …</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Add an API from an OpenAPI or Swagger file (or drop the file here)</source>
        <translation>Eine API aus einer OpenAPI- oder Swagger-Datei hinzufügen (oder die Datei hier ablegen)</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>&amp;Umbenennen …</translation>
    </message>
    <message>
        <source>F2</source>
        <translation>F2</translation>
    </message>
    <message>
        <source>Rename the selected item</source>
        <translation>Das ausgewählte Element umbenennen</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the selected item</source>
        <translation>Das ausgewählte Element löschen</translation>
    </message>
    <message>
        <source>&amp;Gateway</source>
        <translation>&amp;Gateway</translation>
    </message>
    <message>
        <source>Ctrl+4</source>
        <translation>Ctrl+4</translation>
    </message>
    <message>
        <source>Local Gateway</source>
        <translation>Lokales Gateway</translation>
    </message>
    <message>
        <source>Gateway state</source>
        <translation>Gateway-Zustand</translation>
    </message>
    <message>
        <source>Import an OpenAPI specification</source>
        <translation>Eine OpenAPI-Spezifikation importieren</translation>
    </message>
    <message>
        <source>OpenAPI and Swagger (*.yaml *.yml *.json);;All files (*)</source>
        <translation>OpenAPI und Swagger (*.yaml *.yml *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot import the specification</source>
        <translation>Die Spezifikation kann nicht importiert werden</translation>
    </message>
    <message>
        <source>Imported API “%1”</source>
        <translation>API „%1“ importiert</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>Löschen nicht möglich</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete “%1”? You can undo this with %2 until you close the workspace.</source>
        <translation>„%1“ löschen? Mit %2 lässt sich das rückgängig machen, bis Sie den Arbeitsbereich schließen.</translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation>„%1“ gelöscht</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>New name for “%1”:</source>
        <translation>Neuer Name für „%1“:</translation>
    </message>
    <message>
        <source>Cannot rename</source>
        <translation>Umbenennen nicht möglich</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;Erscheinungsbild</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>Dem &amp;System folgen</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
</context>
<context>
    <name>portico::ui::NamedValueEditor</name>
    <message>
        <source>%1 (at character %2)</source>
        <translation>%1 (bei Zeichen %2)</translation>
    </message>
    <message>
        <source>The reference must start with %1</source>
        <translation>Der Verweis muss mit %1 beginnen</translation>
    </message>
    <message>
        <source>Named value · named-values/%1.yaml · use it as {{%1}}</source>
        <translation>Benannter Wert · named-values/%1.yaml · verwenden als {{%1}}</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Plain value</source>
        <translation>Einfacher Wert</translation>
    </message>
    <message>
        <source>Secret in the OS keychain</source>
        <translation>Geheimnis im Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>Secret from an environment variable</source>
        <translation>Geheimnis aus einer Umgebungsvariablen</translation>
    </message>
    <message>
        <source>Secret from a file</source>
        <translation>Geheimnis aus einer Datei</translation>
    </message>
    <message>
        <source>Secret in Azure Key Vault</source>
        <translation>Geheimnis in Azure Key Vault</translation>
    </message>
    <message>
        <source>Secret reference</source>
        <translation>Geheimnisverweis</translation>
    </message>
    <message>
        <source>Secret value</source>
        <translation>Geheimer Wert</translation>
    </message>
    <message>
        <source>Type the secret to store it in the keychain</source>
        <translation>Geheimnis eingeben, um es im Schlüsselbund zu speichern</translation>
    </message>
    <message>
        <source>Store in Keychain</source>
        <translation>Im Schlüsselbund speichern</translation>
    </message>
    <message>
        <source>Secret:</source>
        <translation>Geheimnis:</translation>
    </message>
    <message>
        <source>Change value kind</source>
        <translation>Art des Werts ändern</translation>
    </message>
    <message>
        <source>Edit value</source>
        <translation>Wert bearbeiten</translation>
    </message>
    <message>
        <source>Edit secret reference</source>
        <translation>Geheimnisverweis bearbeiten</translation>
    </message>
    <message>
        <source>Fix the keychain reference first (keychain:service/account).</source>
        <translation>Zuerst den Schlüsselbund-Verweis korrigieren (keychain:dienst/konto).</translation>
    </message>
    <message>
        <source>Type the secret first.</source>
        <translation>Zuerst das Geheimnis eingeben.</translation>
    </message>
    <message>
        <source>Storing…</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <source>Stored in the keychain as %1/%2.</source>
        <translation>Im Schlüsselbund als %1/%2 gespeichert.</translation>
    </message>
</context>
<context>
    <name>portico::ui::OperationEditor</name>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Operation · %1 in API %2</source>
        <translation>Operation · %1 in API %2</translation>
    </message>
    <message>
        <source>These details come from the API&apos;s specification (%1); edit the specification to change them.</source>
        <translation>Diese Angaben stammen aus der Spezifikation der API (%1); ändern Sie sie dort.</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>URL template</source>
        <translation>URL-Vorlage</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Operation id</source>
        <translation>Operations-ID</translation>
    </message>
    <message>
        <source>%1 (generated)</source>
        <translation>%1 (erzeugt)</translation>
    </message>
    <message>
        <source>Required scopes</source>
        <translation>Erforderliche Bereiche</translation>
    </message>
    <message>
        <source>&lt;b&gt;Deprecated&lt;/b&gt;</source>
        <translation>&lt;b&gt;Veraltet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>In</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Anfragekörper</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Inhaltstyp</translation>
    </message>
    <message>
        <source>Request body (required)</source>
        <translation>Anfragekörper (erforderlich)</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>The specification has no operation %1.</source>
        <translation>Die Spezifikation hat keine Operation %1.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
</context>
<context>
    <name>portico::ui::PolicyEditor</name>
    <message>
        <source>Policy XML</source>
        <translation>Richtlinien-XML</translation>
    </message>
    <message>
        <source>Policy XML status</source>
        <translation>Status des Richtlinien-XML</translation>
    </message>
    <message>
        <source>Edit policy</source>
        <translation>Richtlinie bearbeiten</translation>
    </message>
    <message>
        <source>No policy: the scope inherits its parent&apos;s policy.</source>
        <translation>Keine Richtlinie: Der Bereich erbt die Richtlinie der übergeordneten Ebene.</translation>
    </message>
    <message>
        <source>Well-formed XML.</source>
        <translation>Wohlgeformtes XML.</translation>
    </message>
    <message>
        <source>%1:%2: %3</source>
        <translation>%1:%2: %3</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
</context>
<context>
    <name>portico::ui::PolicyItemEditor</name>
    <message>
        <source>Global policy · %1</source>
        <translation>Globale Richtlinie · %1</translation>
    </message>
    <message>
        <source>Policy fragment · fragments/%1.xml</source>
        <translation>Richtlinienfragment · fragments/%1.xml</translation>
    </message>
</context>
<context>
    <name>portico::ui::ProblemsModel</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
</context>
<context>
    <name>portico::ui::ProductEditor</name>
    <message>
        <source>Product · products/%1</source>
        <translation>Produkt · products/%1</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>Not published</source>
        <translation>Nicht veröffentlicht</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugang</translation>
    </message>
    <message>
        <source>Subscription required</source>
        <translation>Abonnement erforderlich</translation>
    </message>
    <message>
        <source>Subscriptions need approval</source>
        <translation>Abonnements brauchen Genehmigung</translation>
    </message>
    <message>
        <source>Subscriptions per user</source>
        <translation>Abonnements pro Benutzer</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Subscriptions per user:</source>
        <translation>Abonnements pro Benutzer:</translation>
    </message>
    <message>
        <source>Change subscription limit</source>
        <translation>Abonnementgrenze ändern</translation>
    </message>
    <message>
        <source>APIs in this product</source>
        <translation>APIs in diesem Produkt</translation>
    </message>
    <message>
        <source>APIs</source>
        <translation>APIs</translation>
    </message>
    <message>
        <source>%1 (no such API)</source>
        <translation>%1 (keine solche API)</translation>
    </message>
    <message>
        <source>Change product APIs</source>
        <translation>APIs des Produkts ändern</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
</context>
<context>
    <name>portico::ui::SubscriptionEditor</name>
    <message>
        <source>Subscription · subscriptions/%1.yaml</source>
        <translation>Abonnement · subscriptions/%1.yaml</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>All APIs</source>
        <translation>Alle APIs</translation>
    </message>
    <message>
        <source>Product: %1</source>
        <translation>Produkt: %1</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>%1 (unknown)</source>
        <translation>%1 (unbekannt)</translation>
    </message>
    <message>
        <source>Change scope</source>
        <translation>Bereich ändern</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Ausgesetzt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Gekündigt</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Beantragt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Kein Inhaber</translation>
    </message>
    <message>
        <source>%1 (no such user)</source>
        <translation>%1 (kein solcher Benutzer)</translation>
    </message>
    <message>
        <source>Change owner</source>
        <translation>Inhaber ändern</translation>
    </message>
    <message>
        <source>Allow tracing</source>
        <translation>Ablaufverfolgung erlauben</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>2026-01-31 (optional)</source>
        <translation>2026-01-31 (optional)</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>2026-12-31 (optional)</source>
        <translation>2026-12-31 (optional)</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Primary key hash</source>
        <translation>Hash des Primärschlüssels</translation>
    </message>
    <message>
        <source>Secondary key hash</source>
        <translation>Hash des Sekundärschlüssels</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>Neu erzeugen …</translation>
    </message>
    <message>
        <source>Regenerate primary key</source>
        <translation>Primärschlüssel neu erzeugen</translation>
    </message>
    <message>
        <source>Regenerate secondary key</source>
        <translation>Sekundärschlüssel neu erzeugen</translation>
    </message>
    <message>
        <source>Primary key:</source>
        <translation>Primärschlüssel:</translation>
    </message>
    <message>
        <source>Secondary key:</source>
        <translation>Sekundärschlüssel:</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>Kein Schlüssel</translation>
    </message>
    <message>
        <source>Regenerate key</source>
        <translation>Schlüssel neu erzeugen</translation>
    </message>
    <message>
        <source>Clients using the current key will be rejected once the workspace is saved and deployed. Regenerate it?</source>
        <translation>Clients mit dem aktuellen Schlüssel werden abgewiesen, sobald der Arbeitsbereich gespeichert und verteilt ist. Neu erzeugen?</translation>
    </message>
    <message>
        <source>Only salted hashes are stored in the workspace; the keys are in your keychain.</source>
        <translation>Im Arbeitsbereich stehen nur gesalzene Hashes; die Schlüssel liegen in Ihrem Schlüsselbund.</translation>
    </message>
</context>
<context>
    <name>portico::ui::UserEditor</name>
    <message>
        <source>User · users/%1.yaml</source>
        <translation>Benutzer · users/%1.yaml</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>developers, guests (comma-separated)</source>
        <translation>developers, guests (durch Kommas getrennt)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Gesperrt</translation>
    </message>
</context>
<context>
    <name>portico::ui::WorkspaceDocument</name>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 ist kein Ordner.</translation>
    </message>
    <message>
        <source>%1 is not a Portico workspace: it has no portico.yaml.</source>
        <translation>%1 ist kein Portico-Arbeitsbereich: Es fehlt die portico.yaml.</translation>
    </message>
    <message>
        <source>No workspace is open.</source>
        <translation>Kein Arbeitsbereich ist geöffnet.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>%1 is not empty; choose an empty folder for a new workspace.</source>
        <translation>%1 ist nicht leer; wählen Sie einen leeren Ordner für einen neuen Arbeitsbereich.</translation>
    </message>
</context>
<context>
    <name>portico::ui::WorkspaceTreeModel</name>
    <message>
        <source>APIs</source>
        <translation>APIs</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkte</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Named values</source>
        <translation>Benannte Werte</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>Backends</translation>
    </message>
    <message>
        <source>Policy fragments</source>
        <translation>Richtlinienfragmente</translation>
    </message>
    <message>
        <source>Gateways</source>
        <translation>Gateways</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
</TS>
