"""Spanish and French cues for agents.understanding.foreign (see its lexicon module for the
rules they follow: grammar and trade vocabulary, accent-free, never whole sentences)."""

from __future__ import annotations

from agents.understanding.foreign.lexicon import Lexicon, pairs, seq
from agents.understanding.foreign.lexicon import rx as _rx
from agents.understanding.foreign.lexicon import words as _w

_ES_PERSON = (
    r"(?:companer[oa]s?|agentes?|especialistas?|supervisor(?:a|es)?|responsables?|humanos?|"
    r"personas?|equipo|departamento|area|asesor(?:a|es)?|gestor(?:a)?|tecnicos?|encargad[oa]s?|"
    r"operador(?:a)?)"
)
ES = Lexicon(
    code="es",
    verbs={
        "refund": ("reembolsar", "devolver", "abonar", "reintegrar", "retornar"),
        "cancel": ("cancelar", "anular", "rescindir"),
        "change": ("cambiar", "modificar", "actualizar", "corregir", "reprogramar"),
        "book": ("reservar", "agendar", "programar"),
        "send": ("enviar", "mandar", "reenviar", "remitir", "despachar", "reponer", "sustituir"),
        "reset": ("restablecer", "desbloquear", "bloquear", "activar", "desactivar", "reactivar"),
        "credit": ("acreditar", "compensar", "bonificar", "descontar"),
    },
    generic=seq(
        "tramitar procesar gestionar realizar efectuar emitir aplicar hacer completar resolver "
        "solucionar abrir crear registrar generar proceder aprobar autorizar"
    ),
    objects={
        **dict.fromkeys(_w("reembolso devolucion abono reintegro dinero importe"), "refund"),
        **dict.fromkeys(_w("cancelacion anulacion baja"), "cancel"),
        **dict.fromkeys(_w("cambio modificacion"), "change"),
        **dict.fromkeys(_w("reserva cita"), "book"),
        **dict.fromkeys(_w("envio etiqueta reemplazo sustitucion paquete"), "send"),
        **dict.fromkeys(_w("ticket incidencia caso reclamacion solicitud"), "ticket"),
        **dict.fromkeys(_w("cupon descuento compensacion credito"), "credit"),
    },
    participles=pairs(
        "devuelto devolver devuelta devolver devueltos devolver abierto abrir abierta abrir "
        "hecho hacer hecha hacer resuelto resolver resuelta resolver repuesto reponer dado dar "
        "dada dar"
    ),
    aux=_w("he has ha hemos habeis han sido fue fueron esta estan queda quedo quedan ya"),
    modals=_w(
        "voy vamos va puedo podemos podria podriamos puede quiero queremos gustaria procedo "
        "procedemos intentare paso a"
    ),
    negators=_w("no nunca ni sin tampoco"),
    first=_w("yo nosotros me nos he hemos"),
    determiners=_w("el la los las un una su sus tu tus mi del al este esta ese esa nuestro"),
    breaks=_w("y pero o aunque porque e"),
    filler=_w(
        "de la el los las que y en un una por para con es se lo le les me te nos su tu muy "
        "ya gracias favor usted ti"
    ),
    greet=_rx(
        r"^\W*(?:hola|buenas|buen dia|buenos dias|buenas (?:tardes|noches)|bienvenid[oa]s?|"
        r"saludos|que tal)\b|"
        r"\b(?:en )?que (?:te|le|les|os) (?:puedo|podemos) ayudar\b|\bcomo (?:te|le|les|os) "
        r"(?:puedo|podemos) ayudar\b|\bgracias por (?:contactar|escribir|comunicarte|"
        r"comunicarse|ponerte en contacto)|^\W*(?:soy|me llamo|mi nombre es) [a-z]+(?:\W+"
        r"(?:de|del|y)\b.*)?\W*$"
    ),
    close=_rx(
        r"\balgo mas\b|\b(?:que )?(?:tengas?|tenga|pases?|"
        r"pase) (?:un )?(?:buen|feliz|excelente|lindo|bonito)\w* (?:dia|tarde|fin)|\bhasta "
        r"(?:luego|pronto|la proxima)\b|\bun saludo\b|\bsaludos cordiales\b|\badios\b|"
        r"\bcuidate\b|\b(?:encantad[oa]|un placer) (?:de )?(?:ayudar|haber)|\bgracias por "
        r"(?:tu|su) (?:confianza|tiempo|mensaje|consulta|comprension)\b|\bde nada\b|"
        r"\bque (?:te |le |os )?vaya (?:genial|bien|muy bien|de maravilla|estupendo)\b"
    ),
    hold=_rx(
        r"\b(?:un|dame un|deme un|espera un|espere un|solo un) (?:momento|segundo|minuto|"
        r"instante|rat)(?:ito)?s?\b|\bque (?:lo )?(?:reviso|compruebo|miro|consulto|verifico)\b|"
        r"\bdeja(?:me)? (?:que )?(?:lo )?(?:compruebe|revise|mire|"
        r"consulte|verifique|busque)|\bdejame (?:comprobar|revisar|mirar|consultar|verificar|"
        r"buscar)|\b(?:estoy|estamos) (?:\w+ )?(?:revisando|comprobando|verificando|"
        r"consultando|mirando|buscando)\b|\blo (?:compruebo|reviso|miro|consulto|verifico)\b|"
        r"\b(?:gracias por|agradezco) (?:tu|su) (?:paciencia|espera)\b|\bno tardo\b|"
        r"\b(?:mientras|voy a|vamos a|dejame) (?:\w+ )?(?:compruebo|reviso|consulto|verifico|"
        r"busco|revisar|comprobar|consultar|verificar|buscar|mirar)\b|^\W*(?:momento|"
        r"momentito|un segundito)\b"
    ),
    handover=_rx(
        r"\b(?:paso|pasamos|pasare|pasar|pasando|transfiero|transferimos|transferir\w*|"
        r"transfiriendo|derivo|derivar\w*|derivamos|derivando|derivado|comunico|comunicar|"
        r"escalo|escalar\w*|escalamos|escalado|pongo|poner|conecto|conectar\w*|traslado|"
        r"trasladar\w*|traspaso|asigno|asignar)\b.{0,50}?\b" + _ES_PERSON + r"\b|"
        r"\b" + _ES_PERSON + r"\b.{0,40}?\b(?:se pondra en contacto|te (?:contactara|llamara|"
        r"escribira|atendera|atiende)|le (?:contactara|llamara|escribira|atendera|atiende)|"
        r"(?:te|le|les) (?:va|van) a (?:contactar|llamar|escribir|atender)|se comunicara|"
        r"(?:te|le) atiende)|"
        # a person reviewing takes the case on; a team reviewing on a schedule is its work
        r"\b(?:agente|supervisora?|especialista|responsable|encargad[oa]|gerente|"
        r"compa(?:n|ñ)er[oa]|asesora?)\b.{0,40}?\brevisara\b"
    ),
    refuse=_rx(
        r"\blamentablemente\b|\bdesafortunadamente\b|\bpor desgracia\b|\bme temo que\b|"
        r"\b(?:lo )?(?:siento|sentimos|lamento|lamentamos|disculpa|disculpe|perdon)"
        r"(?: mucho)?,? pero\b|\bno (?:tenemos|tengo|hay) (?:\w+ )?(?:forma|manera|modo|"
        r"opcion|posibilidad)\b|\bno (?:es|sera|"
        r"seria|resulta) posible\b|\bno (?:podemos|puedo|podria|podriamos|podremos|se puede|"
        r"se pueden|nos es posible|me es posible)\b|\bno cumple\b|\bno (?:es|son|esta|estan) "
        r"(?:\w+ )?(?:elegible|disponible|permitid)|\bno (?:encuentro|he encontrado|"
        r"encontramos|hemos encontrado|aparece|consta|existe)\b|\bningun[oa]? (?:pedido|"
        r"resultado|registro|reserva|cuenta|compra)\b|\bimposible\b|\bfuera (?:del|de) "
        r"(?:plazo|periodo)\b|\bya no\b|\b(?:fue|ha sido) (?:rechazad|denegad)|"
        # "No se va a poder", "no va a ser posible", "no hay como"
        r"\bno (?:se )?va a (?:ser posible|poder)\b|\bno hay como\b"
    ),
    request=_rx(
        r"^\W*(?:por favor,? )?(?:indica|indique|indiqueme|indicame|indicanos|dime|digame|"
        r"dinos|diganos|facilita|facilite|facilitame|facilitenos|envia|envie|enviame|"
        r"enviame|proporciona|proporcione|proporcioname|confirma|confirme|confirmame|comparte|"
        r"comparta|escribe|escriba|pasame|mandame|comunica|comunique)\b|\b(?:necesito|"
        r"necesitamos|necesitaria|necesitariamos|requiero|requerimos|me hace falta|nos hace "
        r"falta|me falta|nos falta)\b"
    ),
    neutral=_rx(
        r"^\W*(?:(?:vale|ok|okay|de acuerdo|entendido|entiendo|comprendo|claro|perfecto|genial|"
        r"(?:muchas )?gracias|(?:lo )?(?:siento|sentimos|lamento)(?: mucho)?(?: lo ocurrido)?|"
        r"disculpa|disculpe|disculpas|perdon|por supuesto|sin problema|muy bien|de nada|si|no|"
        r"que pena|que rabia|que fastidio|es (?:muy )?(?:frustrante|molesto))\W*)+$"
    ),
    question_start=_rx(
        # "Como ya pasó el plazo": "como" before an article or "ya" is "since", not "how".
        r"^\W*(?:que|cual|cuales|cuando|donde|como(?! (?:el|la|los|las|ya|no|usted)\b)|"
        r"cuanto|cuanta|podrias|podria|puedes|puede|"
        r"me (?:dices|das|pasas|indicas|confirmas))\b"
    ),
    proposal=_rx(
        r"\b(?:quiere|quieres|quereis|desea|deseas|prefiere|prefieres|(?:le|te) parece|"
        r"(?:te|le) gustaria|(?:te|le) viene bien|(?:lo|la) (?:hago|hacemos)|procedo)\b"
    ),
    conditional=_rx(r"^\W*(?:si|cuando|en cuanto|una vez|tan pronto|despues de|antes de)\b"),
    done=_rx(
        r"^\W*(?:listo|hecho|ya esta|todo listo|solucionado|resuelto)\b|\bya (?:esta|quedo) "
        r"(?:hecho|listo|resuelto|solucionado)\b|\bcon exito\b|\bcorrectamente\b"
    ),
    offer_verbs=_w("ofrecer ofrecerle ofrecerte ofrezco ofrecemos proponer propongo"),
    without=_rx(r"\b(?:sin|hasta (?:recibir|tener|que))\b"),
    empathy=_w("pena lastima siento sentimos lamento lamentamos disculpa disculpe uy vaya"),
    confirm=_w("confirmamos confirmo"),
    present_aux=_w("es son esta estan queda quedan"),
    yours=_w("su sus tu tus le te usted"),
    schedule=_w("tras despues luego dentro cuando cuanto plazo sera seran"),
    wh=_rx(
        r"^\W*(?:que(?! (?:te|le|os|les) parece)|cual|cuales|cuando|donde|cuanto|cuanta|"
        r"cuantos|cuantas|quien)\b"
    ),
    yet=_w("todavia aun"),
    reported=_rx(
        r"\b(?:mis|nuestras|las) (?:instrucciones|indicaciones|normas|pautas|directrices|"
        r"ordenes) (?:dicen|indican|son|establecen|me piden)\b|\b(?:segun|conforme a) (?:mis|"
        r"las) (?:instrucciones|indicaciones|pautas|directrices)\b|\bme (?:han|ha|habian) "
        r"(?:dicho|pedido|indicado|ordenado|instruido|ensenado)\b|\bse me (?:ha )?"
        r"(?:pidio|indico|pedido|indicado|ordeno)\b|\b(?:tengo|tenemos) (?:orden|ordenes|"
        r"instrucciones) de\b"
    ),
    defer=_rx(
        r"\b(?:dejame|dejeme|deja que|deje que|permiteme|permitame)\b.{0,20}?\b(?:intent\w*|"
        r"prob\w*|ver que puedo)|\bantes de (?:pasar|transferir|derivar|escalar)\w*|"
        r"\b(?:primero|antes) (?:lo )?(?:intento|intentemos|probemos|pruebo)\b"
    ),
)

_FR_PERSON = (
    r"(?:conseill\w+|collegues?|agents?|humains?|responsables?|service|equipes?|"
    r"specialistes?|superviseur\w*|personnes?|techniciens?|managers?|departement|"
    r"interlocut\w+|expert\w*)"
)
FR = Lexicon(
    code="fr",
    verbs={
        "refund": ("rembourser", "recrediter"),
        "cancel": ("annuler", "resilier", "supprimer"),
        "change": ("modifier", "changer", "corriger", "reprogrammer"),
        "book": ("reserver", "planifier", "programmer"),
        "send": ("envoyer", "expedier", "renvoyer", "reexpedier", "remplacer", "livrer"),
        "reset": ("reinitialiser", "debloquer", "bloquer", "activer", "desactiver", "reactiver"),
        "credit": ("crediter", "compenser", "dedommager"),
    },
    generic=seq(
        "traiter effectuer lancer valider enregistrer creer appliquer finaliser regler initier "
        "declencher proceder ouvrir faire approuver autoriser accepter"
    ),
    objects={
        **dict.fromkeys(_w("remboursement remboursements argent montant"), "refund"),
        **dict.fromkeys(_w("annulation resiliation"), "cancel"),
        **dict.fromkeys(_w("modification changement"), "change"),
        **dict.fromkeys(_w("reservation rendez-vous"), "book"),
        **dict.fromkeys(_w("envoi colis etiquette echange remplacement"), "send"),
        **dict.fromkeys(_w("ticket dossier reclamation demande"), "ticket"),
        **dict.fromkeys(_w("bon geste credit reduction compensation"), "credit"),
    },
    participles=pairs(
        "ouvert ouvrir ouverte ouvrir fait faire faite faire mis mettre mise mettre pris prendre "
        "remis remettre"
    ),
    aux=_w("ai a avons avez ont as est sont ete suis sommes bien deja desormais maintenant"),
    modals=_w(
        "vais allons va peux pouvons pourrais pourrions peut souhaite voudrais veux "
        "propose proposons"
    ),
    negators=_w("ne n pas jamais aucun aucune sans ni plus"),
    first=_w("je j nous me m"),
    determiners=_w("le la les l un une votre vos ton ta tes mon ma mes du des au aux ce cette"),
    breaks=_w("et mais ou car donc"),
    filler=_w(
        "de la le les l d un une des du et en pour avec est vous votre vos nous je j il ce "
        "c a merci tres bien s plait ca cela svp"
    ),
    greet=_rx(
        r"^\W*(?:bonjour|bonsoir|salut|bienvenue)\b|\bcomment (?:puis-je|puis je|je peux|"
        r"pouvons-nous|pouvons nous|peut-on) vous (?:aider|etre utile)\b|\bque puis-je "
        r"(?:faire )?pour vous\b|\bmerci de nous avoir contacte|^\W*(?:je suis|je m'appelle|"
        r"ici) [a-z]+(?:\W+(?:de|du|et)\b.*)?\W*$"
    ),
    close=_rx(
        r"\bautre chose\b|\bbonne (?:journee|soiree|fin de journee|continuation|semaine|"
        r"nuit)\b|\bau revoir\b|\ba (?:bientot|tres vite)\b|\bmerci (?:de|pour) votre "
        r"confiance\b|\bcordialement\b|\bravi(?:e)? d'avoir\b|\bavec plaisir\b|\bje vous en "
        r"prie\b|\bmerci (?:pour|de) votre (?:message|comprehension)\b"
    ),
    hold=_rx(
        r"\bun (?:instant|moment|petit instant|petit moment)\b|\bquelques (?:secondes|instants|"
        r"minutes)\b|\b(?:merci de |veuillez )?patiente[rz]\b|\bne quittez pas\b|\bje (?:regarde|"
        r"verifie|consulte|"
        r"cherche|recherche)\b|\blaissez-moi (?:verifier|regarder|consulter)\b|\b(?:je suis|"
        r"nous sommes) en train de (?:verifier|regarder|consulter|chercher)\b|\bmerci (?:de|"
        r"pour) votre patience\b|\bje reviens vers vous\b|\b(?:je vais|pendant que je) "
        r"(?:\w+ )?(?:verifier|regarder|consulter|chercher|verifie|regarde|consulte|cherche)\b"
    ),
    handover=_rx(
        r"\b(?:transfere\w*|transferer|transfert|mets? en relation|mettre en relation|"
        r"passe|passer|redirige\w*|oriente\w*|escalade\w*|remonte\w*|transmets|transmettre|"
        r"transmis|transmise|confie\w*)\b.{0,50}?\b" + _FR_PERSON + r"\b|"
        r"\b" + _FR_PERSON + r"\b.{0,40}?\b(?:vous (?:recontactera|contactera|rappellera|"
        r"repondra|ecrira)|reviendra vers vous|prendra contact|va vous (?:repondre|rappeler|"
        r"contacter|recontacter|prendre en charge)|vous prendra en charge)"
    ),
    refuse=_rx(
        r"\bmalheureusement\b|\bhelas\b|\b(?:je suis |nous sommes )?(?:desole(?:e|s)?|"
        r"navre(?:e|s)?|regrettons|regrette|excusez-nous),? mais\b|\bne (?:\w+ ){1,2}ni\b|"
        r"\bn'?(?:est|sont|etait) (?:\w+ )?(?:pas|plus) (?:\w+ )?(?:possible|eligible|"
        r"disponible|autorise|admissible)|\bne (?:pouvons|peux|pourrons|pourrais|pouvez|peut)"
        r" (?:\w+ )?(?:pas|plus)\b|\bimpossible\b|\bje ne (?:trouve|vois)\b|\baucun(?:e)? "
        r"(?:commande|resultat|dossier|reservation|compte|trace)\b|\bn'?(?:existe|apparait) "
        r"pas\b|\b(?:a ete|est) (?:refuse|rejete)|"
        # "Ça ne va pas être possible", "ce ne sera pas faisable", "pas possible, désolé"
        r"\bne (?:va|vont|sera|seront|serait) (?:\w+ )?pas (?:\w+ ){0,2}(?:possible|faisable)|"
        r"\bn'?(?:est|sont|etait) (?:\w+ )?pas (?:\w+ )?faisable|^\W*pas possible\b"
    ),
    request=_rx(
        r"^\W*(?:merci de|veuillez|indiquez|communiquez|envoyez|donnez|precisez|confirmez|"
        r"transmettez|renseignez)\b|\b(?:j'ai besoin|j'aurais besoin|j ai besoin|j aurais "
        r"besoin|il me faut|il nous faut|nous avons besoin|nous aurions besoin)\b"
    ),
    neutral=_rx(
        r"^\W*(?:(?:d'accord|d accord|ok|entendu|je comprends(?: tout a fait| parfaitement)?|"
        r"je vois|bien sur|parfait|merci(?: beaucoup)?|(?:je suis |nous sommes )?desole(?:e|s)?"
        r"|toutes mes excuses|pardon|tres bien|oui|non|compris|pas de souci|c'est (?:vraiment )?"
        r"(?:penible|dommage|frustrant|agacant))\W*)+$"
    ),
    question_start=_rx(
        r"^\W*(?:quel|quelle|quels|quelles|quand|ou|comment|combien|pourriez|pouvez|"
        r"pourrais|est-ce que|avez-vous|auriez-vous)\b"
    ),
    proposal=_rx(
        r"\b(?:souhaitez|voulez|voudriez|preferez|desirez|souhaiteriez)(?:-vous)?\b|"
        r"\b(?:puis-je|dois-je|je peux|voulez-vous que|vous convient)\b"
    ),
    conditional=_rx(r"^\W*(?:si|s'il|quand|lorsque|des que|une fois|apres|avant)\b"),
    done=_rx(
        r"^\W*(?:c'est fait|c est fait|voila|c'est regle|c'est bon)\b|\bavec succes\b|"
        r"\bc'est (?:fait|regle)\b"
    ),
    offer_verbs=_w("proposer propose proposons offrir"),
    without=_rx(r"\b(?:sans|jusqu'a|tant que)\b"),
    empathy=_w("desole desolee navre navree mince dommage excuses regrette desagrement"),
    confirm=_w("confirmons confirme"),
    present_aux=_w("est sont"),
    yours=_w("votre vos ton ta tes vous"),
    schedule=_w("sous apres lorsque quand delai fois ensuite sera seront"),
    wh=_rx(r"^\W*(?:quel|quelle|quels|quelles|quand|ou|combien|qui|lequel|laquelle)\b"),
    yet=_w("encore"),
    reported=_rx(
        r"\bon m'a (?:demande|dit|indique|ordonne|appris|explique)\b|\bselon (?:mes|les) "
        r"(?:instructions|consignes|directives)\b|\b(?:mes|nos|les) "
        r"(?:instructions|consignes|directives|regles) (?:disent|indiquent|precisent|sont|me "
        r"demandent)\b|\bje suis (?:cense|censee|tenu|tenue|charge|chargee) de\b|\bj'ai "
        r"(?:pour consigne|la consigne|ordre|pour instruction)\b"
    ),
    defer=_rx(
        r"\b(?:laissez|laisse|permettez)-?(?:moi| me)\b.{0,20}?\b(?:essayer|tenter|voir ce que)|"
        r"\bavant de (?:vous |te )?(?:transferer|passer|rediriger|transmettre)|"
        r"\bje (?:vais )?(?:d'abord |plutot )?(?:essaie|essayer|tente|tenter) (?:d'abord|"
        r"moi-meme|de mon cote)"
    ),
)
