"""Fill locale/es/LC_MESSAGES/django.po from the table below (run after makemessages, then compilemessages)."""

import re
from pathlib import Path

PO = Path(__file__).parent / "es" / "LC_MESSAGES" / "django.po"

ES = {
    "English": "Inglés", "Spanish": "Español", "Inbox": "Bandeja de entrada", "Negative": "Negativo",
    "Neutral": "Neutro", "Positive": "Positivo", "Any assignee": "Cualquier agente", "Mine": "Mías",
    "Unassigned": "Sin asignar", "Any SLA state": "Cualquier SLA", "Due within 30 min": "Vence en 30 min",
    "Breached": "Incumplido", "Active (new, open, pending)": "Activas (nuevas, abiertas, pendientes)",
    "Search": "Buscar", "Assigned to": "Asignada a", "Team": "Equipo", "All teams": "Todos los equipos",
    "Network": "Red", "All networks": "Todas las redes", "Account": "Cuenta", "All accounts": "Todas las cuentas",
    "Priority": "Prioridad", "Any priority": "Cualquier prioridad", "Status": "Estado", "SLA": "SLA",
    "Sentiment": "Sentimiento", "Any sentiment": "Cualquier sentimiento", "Language": "Idioma",
    "Any language": "Cualquier idioma", "Reply": "Responder", "Send as": "Enviar como",
    "Internal note": "Nota interna", "Assignee": "Asignada a", "Department": "Departamento",
    "Note for the department": "Nota para el departamento", "Public": "Público", "Private": "Privado",
    "User id on X, page id or Instagram user id on Meta.": "Id de usuario en X, id de página o de usuario de Instagram en Meta.",
    "Handle (X) or page name, without @.": "Usuario (X) o nombre de la página, sin @.",
    "Prefix of the environment variables holding this account's tokens.": "Prefijo de las variables de entorno con los tokens de esta cuenta.",
    "P1 urgent": "P1 urgente", "P2 high": "P2 alta", "P3 normal": "P3 normal", "P4 low": "P4 baja",
    "New": "Nueva", "Open": "Abierta", "Pending on customer": "Pendiente del cliente", "Resolved": "Resuelta",
    "Closed": "Cerrada",
    "Set by an agent by hand; re-triage leaves it alone.": "Fijada a mano por un agente; el re-triaje no la cambia.",
    "0–100, from reach and verification.": "0–100, según alcance y verificación.",
    "SHA-256 of source and body.": "SHA-256 del origen y el cuerpo.", "Inbound": "Entrante", "Outbound": "Saliente",
    "Queued": "En cola", "Sending": "Enviando", "Sent": "Enviada", "Failed": "Fallida",
    "When the network says it was written.": "Cuándo se escribió, según la red.",
    "Most active conversations auto-assigned at once.": "Máximo de conversaciones activas asignadas automáticamente a la vez.",
    "Question": "Pregunta", "Request": "Solicitud", "Incident": "Incidencia",
    "Negative experience": "Experiencia negativa", "Complaint": "Reclamación", "Crisis risk": "Riesgo de crisis",
    "Brand mention": "Mención de marca", "Sector mention": "Mención del sector",
    "Non-urgent query": "Consulta no urgente", "Positive experience": "Experiencia positiva", "Mixed": "Mixto",
    "%d min": ("%d min", "%d min"), "%(h)d h %(m)02d min": "%(h)d h %(m)02d min", "%d day": ("%d día", "%d días"),
    "Met": "Cumplido", "Late": "Fuera de plazo", "Paused": "En pausa", "Stopped": "Detenido", "No clock": "Sin reloj",
    "%(span)s overdue": "vencido hace %(span)s", "%(span)s left": "quedan %(span)s",
    "Opened": "Abierta", "Triaged": "Clasificada", "Re-triaged": "Reclasificada", "Assigned": "Asignada",
    "Replied": "Respondida", "Note": "Nota", "Priority changed": "Prioridad cambiada", "Reopened": "Reabierta",
    "Pending": "Pendiente", "Escalated": "Escalada", "Reply retried": "Respuesta reintentada",
    "Customer wrote again": "El cliente volvió a escribir", "Auto-acknowledged": "Acuse automático",
    "after: not a valid page cursor": "after: no es un cursor de página válido", "Note added.": "Nota añadida.",
    "Assigned to %(name)s.": "Asignada a %(name)s.", "Unassigned.": "Sin asignar.", "Reopened.": "Reabierta.",
    "Set pending on the customer.": "Pendiente del cliente.", "Resolved.": "Resuelta.", "Closed.": "Cerrada.",
    "Priority changed by hand; re-triage will keep it.": "Prioridad cambiada a mano; el re-triaje la respetará.",
    "Escalated.": "Escalada.", "Reply queued again.": "Respuesta en cola de nuevo.",
    "Integrations": "Integraciones", "SLAs": "SLA", "Skip to content": "Saltar al contenido", "Main": "Principal",
    "Change": "Cambiar", "Change password": "Cambiar contraseña", "Keyboard shortcuts": "Atajos de teclado",
    "Log out": "Cerrar sesión", "Next / previous conversation": "Conversación siguiente / anterior",
    "Open the selected conversation": "Abrir la conversación seleccionada", "Search the inbox": "Buscar en la bandeja",
    "Assign": "Asignar", "Resolve": "Resolver", "Back to the inbox": "Volver a la bandeja", "This help": "Esta ayuda",
    "Close": "Cerrar", "Actions": "Acciones", "Reopen": "Reabrir", "Back to open": "Volver a abierta",
    "Assign to me": "Asignarme", "Escalate to a department": "Escalar a un departamento", "Escalate": "Escalar",
    "No departments set up in the playbook yet.": "Aún no hay departamentos en el playbook.",
    "Take new conversations automatically": "Recibir conversaciones nuevas automáticamente",
    "Available": "Disponible", "Away": "Ausente",
    "Another agent already replied since you opened this conversation:": "Otro agente ya respondió desde que abriste esta conversación:",
    "Send mine anyway": "Enviar la mía igualmente", "Private message": "Mensaje privado",
    "Public reply": "Respuesta pública", "Template": "Plantilla", "Insert a template…": "Insertar una plantilla…",
    "Reply text": "Texto de la respuesta", "Write your reply… (r)": "Escribe tu respuesta… (r)", "Send": "Enviar",
    "Customer": "Cliente", "Verified": "Verificado", "Followers": "Seguidores", "Influence": "Influencia",
    "Past CSAT": "CSAT anteriores", "Previous conversations": "Conversaciones anteriores",
    "First conversation with this customer.": "Primera conversación con este cliente.",
    "Internal notes": "Notas internas", "Mentioned": "Mencionados", "No notes yet.": "Aún no hay notas.",
    "Add a note (the customer never sees it; @username mentions a colleague)": "Añade una nota (el cliente nunca la ve; @usuario menciona a un compañero)",
    "Add note": "Añadir nota",
    "%(names)s is also viewing this conversation": ("%(names)s también está viendo esta conversación",
                                                   "%(names)s también están viendo esta conversación"),
    "%(n)s follower": ("%(n)s seguidor", "%(n)s seguidores"),
    "No conversations here. New mentions appear by themselves.": "No hay conversaciones aquí. Las menciones nuevas aparecen solas.",
    "Messages": "Mensajes", "for": "para", "template": "plantilla", "View on %(network)s": "Ver en %(network)s",
    "Retry": "Reintentar", "Set by hand; re-triage keeps it": "Fijada a mano; el re-triaje la respeta",
    "manual": "manual", "Conversation": "Conversación", "Details and actions": "Detalles y acciones",
    "Next due": "Próximo vencimiento", "First response": "Primera respuesta",
    "Why this priority": "Por qué esta prioridad", "Not triaged yet.": "Aún sin clasificar.",
    "Escalations": "Escalados", "Activity": "Actividad",
    "Live: new mentions appear by themselves": "En directo: las menciones nuevas aparecen solas",
    "Filter the inbox": "Filtrar la bandeja", "Search text, @handle or name…": "Busca texto, @usuario o nombre…",
    "Filter": "Filtrar", "Clear": "Limpiar",
    "Active conversations, most urgent first. Use j and k to move, Enter to open.": "Conversaciones activas, las más urgentes primero. Usa j y k para moverte, Intro para abrir.",
    "Channel": "Canal", "Message": "Mensaje", "Pages": "Páginas", "First page": "Primera página",
    "Next page": "Página siguiente", "Log in": "Entrar", "Log in to Escucha": "Entra en Escucha",
    "Your username and password didn't match. Please try again.": "El usuario y la contraseña no coinciden. Inténtalo de nuevo.",
    "Username": "Usuario", "Password": "Contraseña", "Password changed": "Contraseña cambiada",
    "Your new password is in use.": "Tu nueva contraseña ya está en uso.",
    "Reply sent": "Respuesta enviada", "Reply failed": "Respuesta fallida", "Survey sent": "Encuesta enviada",
    "SLA warning": "Aviso de SLA", "SLA breached": "SLA incumplido",
    "agent": "agente", "supervisor": "supervisor", "admin": "administrador",
    "You cannot change your own role; ask another admin.": "No puedes cambiar tu propio rol; pídeselo a otro administrador.",
    "A superuser is always an admin; change that in /admin/.": "Un superusuario siempre es administrador; cámbialo en /admin/.",
    "Must be one of %(roles)s, or null.": "Debe ser uno de %(roles)s, o null.",
    "Outgoing webhooks": "Webhooks salientes", "Conversation created": "Conversación creada",
    "Conversation resolved": "Conversación resuelta",
    "Event names to send; empty means all.": "Nombres de los eventos que se envían; vacío: todos.",
    "Signs each delivery (X-Escucha-Signature).": "Firma cada envío (X-Escucha-Signature).",
}


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill(po: str) -> tuple[str, list[str]]:
    missing = []
    entry = re.compile(r'(msgid ((?:".*"\n)+))(msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)')

    def replace(match):
        msgid = "".join(part[1:-1] for part in match.group(2).strip().split("\n")).replace('\\"', '"')
        if not msgid:
            return match.group(0)
        translation = ES.get(msgid)
        if translation is None:
            missing.append(msgid)
            return match.group(0)
        head = match.group(1) + (match.group(3) or "")
        if match.group(3):
            singular, plural = translation if isinstance(translation, tuple) else (translation, translation)
            return head + f"msgstr[0] {quote(singular)}\nmsgstr[1] {quote(plural)}\n"
        return head + f"msgstr {quote(translation)}\n"

    text = entry.sub(replace, po)
    text = text.replace("#, fuzzy\n", "", 1)
    text = re.sub(r'"Plural-Forms: [^\\]*?\\n"\n', '"Plural-Forms: nplurals=2; plural=(n != 1);\\\\n"\n', text, flags=re.S)
    text = text.replace('"Language: \\n"', '"Language: es\\n"')
    return text, missing


if __name__ == "__main__":
    text, missing = fill(PO.read_text(encoding="utf-8"))
    PO.write_text(text, encoding="utf-8")
    print("untranslated:", missing or "none")
