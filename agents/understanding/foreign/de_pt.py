"""German and Portuguese cues for agents.understanding.foreign (see its lexicon module for the
rules they follow: grammar and trade vocabulary, accent-free, never whole sentences).

German participles are irregular enough (ge- or not, separable prefixes, strong verbs) that
they are listed as (participle, infinitive) pairs rather than generated."""

from __future__ import annotations

from agents.understanding.foreign.lexicon import Lexicon, pairs, seq
from agents.understanding.foreign.lexicon import rx as _rx
from agents.understanding.foreign.lexicon import words as _w

# infinitive: participle, per kind
_DE_VERBS: dict[str, dict[str, str]] = {
    "refund": {
        "erstatten": "erstattet", "zuruckerstatten": "zuruckerstattet",
        "ruckerstatten": "ruckerstattet", "zuruckzahlen": "zuruckgezahlt",
        "zuruckuberweisen": "zuruckuberwiesen", "zuruckbuchen": "zuruckgebucht",
        "uberweisen": "uberwiesen", "auszahlen": "ausgezahlt",
    },
    "cancel": {
        "stornieren": "storniert", "kundigen": "gekundigt", "annullieren": "annulliert",
        "aufheben": "aufgehoben", "loschen": "geloscht", "beenden": "beendet",
    },
    "change": {
        "andern": "geandert", "abandern": "abgeandert", "aktualisieren": "aktualisiert",
        "umbuchen": "umgebucht", "anpassen": "angepasst", "korrigieren": "korrigiert",
        "umstellen": "umgestellt", "umtauschen": "umgetauscht", "tauschen": "getauscht",
    },
    "book": {"buchen": "gebucht", "reservieren": "reserviert", "vereinbaren": "vereinbart"},
    "send": {
        "schicken": "geschickt", "zuschicken": "zugeschickt", "senden": "gesendet",
        "versenden": "versendet", "verschicken": "verschickt", "ersetzen": "ersetzt",
        "liefern": "geliefert", "nachliefern": "nachgeliefert", "austauschen": "ausgetauscht",
    },
    "reset": {
        "zurucksetzen": "zuruckgesetzt", "entsperren": "entsperrt", "sperren": "gesperrt",
        "aktivieren": "aktiviert", "deaktivieren": "deaktiviert", "freischalten":
        "freigeschaltet",
    },
    "credit": {"gutschreiben": "gutgeschrieben", "erlassen": "erlassen", "entschadigen":
               "entschadigt"},
    "": {
        "veranlassen": "veranlasst", "bearbeiten": "bearbeitet", "durchfuhren": "durchgefuhrt",
        "erledigen": "erledigt", "anlegen": "angelegt", "eroffnen": "eroffnet",
        "auslosen": "ausgelost", "anstossen": "angestossen", "einleiten": "eingeleitet",
        "abschliessen": "abgeschlossen", "ausstellen": "ausgestellt", "erstellen": "erstellt",
        "vornehmen": "vorgenommen", "genehmigen": "genehmigt", "bestatigen": "bestatigt",
    },
}  # fmt: skip
_DE_PERSON = (
    r"(?:kolleg\w*|mitarbeiter\w*|\w*team|\w*abteilung|spezialist\w*|vorgesetzt\w*|"
    r"mensch\w*|berater\w*|support|sachbearbeiter\w*|expert\w*|ansprechpartner\w*|"
    r"fachleute|supervisor\w*|teamleit\w*)"
)
DE = Lexicon(
    code="de",
    verbs={k: tuple(v) for k, v in _DE_VERBS.items() if k},
    generic=tuple(_DE_VERBS[""]),
    objects={
        **dict.fromkeys(
            _w("erstattung ruckerstattung ruckzahlung geld betrag gutschrift"), "refund"
        ),
        **dict.fromkeys(_w("stornierung kundigung"), "cancel"),
        **dict.fromkeys(_w("anderung umbuchung"), "change"),
        **dict.fromkeys(_w("buchung reservierung termin"), "book"),
        **dict.fromkeys(_w("ersatz ersatzlieferung paket sendung rucksendeetikett"), "send"),
        **dict.fromkeys(_w("ticket fall reklamation antrag anfrage vorgang"), "ticket"),
        **dict.fromkeys(_w("gutschein rabatt entschadigung"), "credit"),
    },
    participles={p: i for kind in _DE_VERBS.values() for i, p in kind.items()},
    aux=_w(
        "habe hat haben hast habt ist sind bin wurde wurden wird worden bereits schon "
        "erfolgreich jetzt nun soeben gerade"
    ),
    modals=_w(
        "werde werden wird kann konnen konnte konnten mochte mochten will wollen gerne gern "
        "soll sollen darf durfen lasse lassen"
    ),
    negators=_w("nicht kein keine keinen keinem keiner nie niemals ohne weder nix nichts"),
    first=_w("ich wir mich uns mir"),
    determiners=_w(
        "der die das den dem des ein eine einen einem einer ihre ihr ihren ihrem ihrer "
        "deine dein deinen meine unsere unser diese dieser diesen zur zum"
    ),
    breaks=_w("und aber oder denn sondern weil"),
    filler=_w(
        "der die das den dem ein eine und ist es sie ich wir ihnen ihr ihre bitte danke mit "
        "fur zu auf noch auch so ja gerne sehr vielen dank herzlichen besten"
    ),
    greet=_rx(
        r"^\W*(?:hallo|guten (?:tag|morgen|abend)|(?:herzlich )?willkommen|moin|servus|"
        r"gruss gott|gruezi|hi)\b|\bwie (?:kann|konnen) (?:ich|wir) (?:ihnen|dir|euch) "
        r"(?:helfen|weiterhelfen)?\b|\bwas kann ich fur (?:sie|dich) tun\b|"
        r"\bdanke,? dass sie (?:uns )?(?:kontaktieren|schreiben)|^\W*(?:ich bin|mein name ist|"
        r"hier ist) [a-z]+(?:\W+(?:vo[mn]|aus|und)\b.*)?\W*$"
    ),
    close=_rx(
        r"\b(?:sonst|noch) (?:noch )?(?:etwas|was|irgendetwas|irgendwas|eine frage)\b|"
        r"\b(?:einen )?(?:schonen|angenehmen|guten) (?:tag|abend|wochenende|start)\b|"
        r"\bauf wiedersehen\b|\btschuss\b|\bviele grusse\b|\bmit freundlichen grussen\b|"
        r"\bgern geschehen\b|\bfreut mich,? dass\b|\bbis (?:bald|zum nachsten mal)\b|"
        r"\balles gute\b|\b(?:vielen )?dank fur "
        r"ihre (?:nachricht|anfrage|zeit|treue)\b"
    ),
    hold=_rx(
        r"\b(?:einen|einem|kleinen|kurzen|einen kleinen|einen kurzen) (?:moment|augenblick)\b|"
        r"\b(?:moment|augenblick|bisschen|kurz|etwas) geduld\b|\bgeduld(?:en)?\b|"
        r"\bich (?:schaue|sehe|prufe|checke|suche|gucke|uberprufe|kontrolliere) (?:das|es|"
        r"kurz|gleich|mal|eben|nach|ihre\w*|ihr|im)\b"
        r"|\b(?:bitte )?(?:warten sie|gedulden sie sich)\b|\bich melde mich (?:gleich|sofort)\b|"
        r"\bdanke fur ihre geduld\b|\bbin gleich (?:wieder )?(?:da|zuruck)\b|^\W*moment\b|"
        r"\bich (?:such\w*|schau\w*|guck\w*) .{0,30}?(?:raus|nach)\b|"
        r"\bich (?:suche|schaue|sehe|prufe|uberprufe|gucke|checke|kontrolliere) gerade\b"
    ),
    handover=_rx(
        r"\b(?:verbinde\w*|weiterleit\w*|leite\w* .{0,50}?weiter|ubergebe\w*|uberge\w*|"
        r"gebe\w* .{0,50}?weiter|weitergeb\w*|stelle\w* .{0,50}?durch|durchstell\w*|"
        r"eskalier\w*|weitergeleitet|ubergeben)\b.{0,60}?"
        + _DE_PERSON
        + r"|"
        + _DE_PERSON
        + r"\b.{0,60}?\b(?:meldet sich|melden sich|wird sich|werden sich|"
        r"kontaktiert|kontaktieren|ruft .{0,30}?an|rufen .{0,30}?an|kummert sich|kummern sich|"
        r"ubernimmt|ubernehmen)\b|" + _DE_PERSON + r".{0,40}?\b(?:verbinde|weiterleite|"
        r"ubergebe)\w*|\b(?:leite|leiten|gebe|geben|stelle|stellen)\b.{0,60}?"
        + _DE_PERSON
        + r".{0,30}?\b(?:weiter|durch)\b"
    ),
    refuse=_rx(
        r"\bleider\b|\b(?:es )?tut (?:mir|uns) leid,? aber\b|\bnicht (?:mehr )?(?:moglich|"
        r"erlaubt|verfugbar|berechtigt|zulassig|erstattungsfahig)\b|\bkeine? \w+ (?:mehr )?"
        r"moglich\b|\b(?:kann|konnen|konnte|konnten|darf|durfen) (?:ich|wir)? ?.{0,40}?"
        r"\bnicht\b|\bfinde\w* .{0,30}?(?:nichts|keine\w*|nix)\b|\b(?:nicht|nichts|keine\w*) "
        r"(?:gefunden|finden)\b|\bausgeschlossen\b|\babgelehnt\b|\bunmoglich\b|"
        # "Umleiten geht nicht", "so geht das nicht mehr", "klappt leider nicht": what was
        # asked cannot be done ("es geht nicht um ...", "geht nicht verloren" say no such)
        r"\b(?:geht|gehen|ginge|klappt|lasst sich) (?:\w+ ){0,2}?nicht\b(?! (?:um|verloren)\b)"
    ),
    request=_rx(
        r"^\W*(?:bitte )?(?:nennen|geben|teilen|senden|schicken|schreiben|bestatigen|"
        r"ubermitteln) sie\b|\bbitte (?:nennen|geben|teilen|senden|schicken|schreiben|"
        r"bestatigen|ubermitteln)\b|\b(?:ich brauche|ich benotige|wir brauchen|wir benotigen|"
        r"brauche ich|benotige ich|brauchen wir|benotigen wir|brauchte|benotigte)\b|"
        r"\bmitteilen\b|^\W*(?:bitte )?(?:nenn|gib|schick|sag|schreib|teil)e? (?:mir|uns)\b"
    ),
    neutral=_rx(
        r"^\W*(?:(?:ok|okay|alles klar|(?:ich )?verstehe(?: ich)?|das verstehe ich|klar|"
        r"naturlich|gerne|danke|vielen dank|entschuldigung|(?:das |es )?tut mir (?:sehr )?leid|"
        r"in ordnung|ja|nein|super|prima|(?:das ist|wie) (?:wirklich |sehr |echt )?(?:argerlich|"
        r"schade|frustrierend|unangenehm|blod))\W*)+$"
    ),
    question_start=_rx(
        r"^\W*(?:was|welche\w*|wann|wo|wie|konnten sie|konnen sie|haben sie|hast du|"
        r"kannst du|mochten sie|soll ich|darf ich)\b"
    ),
    proposal=_rx(
        r"\b(?:mochten sie|mochtest du|wollen sie|willst du|soll ich|sollen wir|darf ich|"
        r"wunschen sie|hatten sie gern|lieber)\b|\bware\b.{0,40}\brecht\b"
    ),
    conditional=_rx(r"^\W*(?:wenn|sobald|falls|nachdem|bevor|sofern)\b"),
    done=_rx(r"^\W*(?:erledigt|fertig|alles erledigt|geschafft)\b|\berfolgreich\b"),
    offer_verbs=_w("anbieten biete bieten"),
    without=_rx(r"\b(?:ohne|bis (?:ich|wir))\b"),
    empathy=_w("leid schade argerlich bedauere bedauern entschuldigung schon"),
    confirm=_w("bestatigen bestatige"),
    present_aux=_w("ist sind wird werden"),
    yours=_w("ihr ihre ihren ihrem ihrer ihnen dein deine deinen dir"),
    schedule=_w("nach innerhalb binnen sobald wenn frist danach anschliessend spater kunftig"),
    wh=_rx(r"^\W*(?:was|welche\w*|wann|wo|wie(?! ware)|wer|wieviel\w*|wohin|woher)\b"),
    yet=_w("noch bisher"),
    reported=_rx(
        r"\b(?:laut|gemass|nach) (?:meinen|den) (?:vorgaben|anweisungen|instruktionen)\b|"
        r"\blaut (?:unseren|den) richtlinien\b|"
        r"\b(?:meine|unsere|die) (?:vorgaben|anweisungen|instruktionen) (?:sagen|lauten|"
        r"sehen vor)\b|\bich (?:wurde|bin) (?:\w+ )?angewiesen\b|\bman hat mir "
        r"(?:gesagt|aufgetragen)\b|\bmir wurde (?:gesagt|aufgetragen)\b"
    ),
    defer=_rx(
        r"\blass(?:en sie)? (?:es )?mich\b.{0,30}?\bversuchen\b|\bbevor ich (?:sie|dich|"
        r"ihre anfrage) (?:\w+ )?(?:weiterleite|verbinde|ubergebe|eskaliere)|\bich versuche "
        r"es (?:zuerst|erst|selbst)\b"
    ),
)

_PT_PERSON = (
    r"(?:atendentes?|colegas?|agentes?|humanos?|especialistas?|equipe|time|setor|"
    r"supervisor(?:a|es)?|departamento|pessoas?|analistas?|tecnicos?|responsave\w*|"
    r"consultor(?:a|es)?)"
)
PT = Lexicon(
    code="pt",
    verbs={
        "refund": ("reembolsar", "estornar", "devolver", "ressarcir", "restituir"),
        "cancel": ("cancelar", "anular", "encerrar", "desativar"),
        "change": (
            "alterar",
            "mudar",
            "trocar",
            "atualizar",
            "modificar",
            "corrigir",
            "remarcar",
            "reagendar",
        ),
        "book": ("reservar", "agendar", "marcar"),
        "send": ("enviar", "mandar", "reenviar", "despachar", "substituir", "entregar"),
        "reset": ("redefinir", "desbloquear", "bloquear", "ativar", "reativar", "resetar"),
        "credit": ("creditar", "compensar", "abonar", "descontar"),
    },
    generic=seq(
        "processar realizar efetuar fazer abrir criar registrar concluir finalizar solicitar "
        "emitir aplicar resolver gerar aprovar autorizar liberar"
    ),
    objects={
        **dict.fromkeys(_w("reembolso estorno devolucao dinheiro valor"), "refund"),
        **dict.fromkeys(_w("cancelamento"), "cancel"),
        **dict.fromkeys(_w("alteracao troca mudanca"), "change"),
        **dict.fromkeys(_w("reserva agendamento"), "book"),
        **dict.fromkeys(_w("envio etiqueta substituicao"), "send"),
        **dict.fromkeys(_w("chamado protocolo caso ticket reclamacao solicitacao"), "ticket"),
        **dict.fromkeys(_w("credito cupom desconto compensacao vale"), "credit"),
    },
    participles=pairs(
        "aberto abrir aberta abrir feito fazer feita fazer posto por entregue entregar aceito "
        "aceitar"
    ),
    aux=_w("tenho temos tem foi foram esta estao ficou ficaram ja sido fica acabei acabamos"),
    modals=_w(
        "vou vamos vai posso podemos poderia poderiamos pode consigo conseguimos quero "
        "queremos gostaria irei iremos"
    ),
    negators=_w("nao nunca nem sem jamais nada nenhum nenhuma"),
    first=_w("eu nos me"),
    determiners=_w("o a os as um uma seu sua seus suas teu tua meu minha do da no na ao este"),
    breaks=_w("mas ou porque pois"),  # "e" is also "é" (is), folded
    filler=_w(
        "o a os as de do da em um uma para com e que por seu sua voce no na se me muito ja "
        "obrigado obrigada favor"
    ),
    greet=_rx(
        r"^\W*(?:ola|oi|bom dia|boa tarde|boa noite|bem[- ]vind[oa]s?|saudacoes)\b|\b(?:em )?"
        r"que (?:posso|podemos) (?:te |lhe )?ajudar\b|\bcomo (?:posso|podemos) (?:te |lhe )?"
        r"ajudar\b|\bobrigad[oa] por (?:entrar em contato|nos contatar|escrever)|^\W*(?:sou|"
        r"meu nome e|aqui e) (?:a |o )?[a-z]+(?:\W+(?:d[aoe]|e)\b.*)?\W*$"
    ),
    close=_rx(
        r"\bmais alguma (?:coisa|duvida)\b|\b(?:tenha|otimo|bom|boa) (?:um |uma )?(?:otim[oa] |"
        r"bo[am] |excelente )?(?:dia|tarde|noite|semana|fim de semana)\b|\bate (?:logo|mais|"
        r"breve|a proxima)\b|\babracos?\b|\bqualquer (?:coisa|duvida)\b|"
        r"\bobrigad[oa] pelo contato\b|\bpor nada\b|\bfoi um "
        r"prazer\b|\bestamos a disposicao\b|\bobrigad[oa] pela (?:mensagem|preferencia|"
        r"compreensao)\b"
    ),
    hold=_rx(
        r"\b(?:so |apenas )?um (?:momento|instante|minuto|segundo)(?:inho)?\b|\baguarde\b|"
        r"\b(?:estou|estamos) (?:\w+ )?(?:verificando|consultando|checando|analisando|"
        r"olhando|procurando)\b|\bdeixa?(?:-me| eu| me) (?:verificar|ver|checar|consultar|"
        r"olhar)\b|\bvou (?:verificar|checar|consultar|ver) e (?:ja )?(?:volto|retorno)\b|"
        r"\benquanto (?:eu )?(?:consulto|verifico|checo|olho)\b|\bobrigad[oa] pela paciencia\b|"
        r"\bum (?:minut|moment|instant|segund)\w*\b|\bvou (?:verificar|consultar|checar|"
        r"olhar|conferir)\b"
    ),
    handover=_rx(
        r"\b(?:transferir|transfiro|transferindo|transferimos|transferi|encaminhar|encaminho|"
        r"encaminhando|encaminhamos|encaminhei|passar|passo|passando|direcionar|direciono|"
        r"direcionando|conectar|conecto|escalar|escalonar|escalonando)\b.{0,50}?\b"
        + _PT_PERSON
        + r"\b|\b"
        + _PT_PERSON
        + r"\b.{0,40}?\b(?:vai entrar em contato|entrara "
        r"em contato|vai (?:te |lhe )?(?:ligar|retornar|chamar|atender|responder)|retornara|"
        r"(?:te|lhe) (?:ligara|atendera|chamara)|vai falar com voce)"
    ),
    refuse=_rx(
        r"\binfelizmente\b|\b(?:lamento|lamentamos|sinto muito|sentimos muito),? mas\b|"
        r"\bnao (?:e|sera|seria|esta|estao) (?:mais )?(?:possivel|elegive\w*|disponive\w*|"
        r"permitid\w*)\b|\bnao (?:conseguimos|consigo|podemos|posso|poderemos|pode)\b|"
        r"\bnao (?:achei|encontrei|encontramos|localizei|localizamos|achamos)\b|"
        r"\bnenhum(?:a)? (?:pedido|resultado|registro|reserva|conta|compra|encomenda)\b|"
        r"\bja nao\b|\bimpossivel\b|\b(?:foi|foram) (?:recusad|negad)|"
        # "Não dá.", "não vai dar para mudar", "não tem como": it cannot be done ("não dá
        # problema" and "não da loja" say no such)
        r"\bnao (?:da|vai dar|daria)(?=\s*(?:[.,;:!?]|$|para\b|pra\b|mais\b|de jeito\b))|"
        r"\bnao (?:tem|ha|temos) como\b"
    ),
    request=_rx(
        r"^\W*(?:por favor,? )?(?:me )?(?:informe|informa|envie|manda|mande|passe|passa|"
        r"digite|confirme|confirma|diga|diz|forneca|compartilhe)\b|\b(?:preciso|precisamos|"
        r"necessito|necessitamos|precisaria|precisariamos)\b"
    ),
    neutral=_rx(
        r"^\W*(?:(?:ok|certo|entendi|entendo(?: perfeitamente)?|claro|perfeito|"
        r"(?:muito )?obrigad[oa]|desculpe|peco desculpas|lamento(?: muito)?|sinto muito|"
        r"sem problema|tudo bem|sim|nao|com certeza|que pena|que chato)\W*)+$"
    ),
    question_start=_rx(
        # "Como o prazo já expirou": "como" before an article or "já" is "since", not "how".
        r"^\W*(?:qual|quais|quando|onde|como(?! (?:o|a|os|as|ja|nao|voce)\b)|quanto|quanta|"
        r"pode|poderia|voce pode|"
        r"me (?:passa|diz|informa|confirma))\b"
    ),
    proposal=_rx(
        r"\b(?:quer|queres|deseja|desejas|prefere|preferes|gostaria|posso|podemos|"
        r"(?:te|lhe) parece)\b"
    ),
    conditional=_rx(r"^\W*(?:se|quando|assim que|logo que|depois de|antes de|caso)\b"),
    done=_rx(
        r"^\W*(?:pronto|feito|tudo certo|resolvido|prontinho)\b|\bcom sucesso\b|"
        r"\b(?:ja )?(?:esta|ficou) (?:feito|resolvido|pronto)\b"
    ),
    offer_verbs=_w("oferecer ofereco oferecemos propor proponho"),
    without=_rx(r"\b(?:sem|ate (?:receber|ter))\b"),
    empathy=_w("pena chato poxa sinto lamento lamentamos desculpe desculpa puxa"),
    confirm=_w("confirmamos confirmo"),
    present_aux=_w("e sao esta estao fica ficam"),
    yours=_w("seu sua seus suas teu tua voce lhe te"),
    schedule=_w("apos depois dentro quando assim prazo sera serao"),
    wh=_rx(r"^\W*(?:qual|quais|quando|onde|quanto|quanta|quantos|quantas|quem|o que)\b"),
    yet=_w("ainda"),
    reported=_rx(
        r"\bfui (?:orientad[oa]|instruid[oa]|treinad[oa]|informad[oa])\b|\b(?:segundo|"
        r"conforme) (?:minhas|as) (?:instrucoes|orientacoes|diretrizes)\b|\bme (?:pediram|"
        r"disseram|orientaram|mandaram|instruiram)\b|\b(?:minhas|nossas|as) (?:instrucoes|"
        r"orientacoes|regras|diretrizes) (?:dizem|sao|mandam|pedem)\b|\bfomos orientad[oa]s\b"
    ),
    defer=_rx(
        r"\b(?:deixa|deixe)(?:-me| eu| me)\b.{0,20}?\b(?:tentar|ver o que posso)|\bme "
        r"deixa tentar\b|\bantes de (?:te |lhe )?(?:transferir|passar|encaminhar)|\bprimeiro "
        r"(?:eu )?(?:tento|vou tentar)\b"
    ),
)
