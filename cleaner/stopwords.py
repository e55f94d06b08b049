"""Small stopword lists per language, as data (the content stage measures how much of a line is
function words: prose is full of them, menus, headlines and link lists are not).

Each list holds a language's most frequent function words (articles, pronouns, prepositions,
conjunctions, auxiliaries), written from general knowledge of the language; about a hundred words
cover a third or more of running prose. Lowercase, space-separated, so a list is easy to read and
to extend.
"""

from __future__ import annotations

_LISTS = {
    "en": """a about above after again against all am an and any are as at be because been before
        being below between both but by can could did do does doing down during each few for from
        further had has have having he her here hers herself him himself his how i if in into is it
        its itself just me more most my myself no nor not now of off on once only or other our ours
        out over own same she should so some such than that the their theirs them then there these
        they this those through to too under until up very was we were what when where which while
        who whom why will with would you your yours also said says""",
    "de": """aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei
        bin bis bist da damit dann das dass dem den denn der des dich die dies diese diesem diesen
        dieser dieses doch dort du durch ein eine einem einen einer eines er es etwas für gegen
        gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem
        ihren ihrer im in indem ins ist jede jedem jeden jeder jedes jetzt kann kein keine können
        könnte man manche mehr mein mich mit muss nach nicht nichts noch nun nur ob oder ohne sehr
        sein seine seinem seinen seiner seit sich sie sind so soll sondern über um und uns unter
        viel vom von vor war waren warum was weil welche wenn werden wie wieder will wir wird wo
        wurde wurden zu zum zur zwar zwischen""",
    "fr": """à ai aie ainsi alors au aucun aussi autre aux avec avait avoir bien c ce ceci cela celle
        celui ces cet cette chaque comme comment d dans de depuis des deux donc dont du elle elles
        en encore entre est et été être eu fait faire il ils j je jusqu l la le les leur leurs lui
        m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par parce pas peu peut
        plus pour pourquoi qu quand que quel quelle qui s sa sans se selon ses si son sont sous
        sur ta te tes toi ton tous tout toute toutes très tu un une vers vos votre vous y""",
    "es": """a al algo algunos ante antes como con contra cual cuando de del desde donde durante e
        el ella ellas ellos en entre era eran es esa esas ese eso esos esta está están estas este
        esto estos fue fueron ha habían han hasta hay la las le les lo los más me mi mientras muy
        nada ni no nos nosotros o otra otras otro otros para pero poco por porque que quien se sea
        según ser si sido sin sobre son su sus también tanto te tiene tienen todo todos tu un una
        uno unos y ya""",
    "it": """a abbiamo ad al alla alle allo anche ancora avere aveva c che chi ci come con contro cui
        da dal dalla dalle degli dei del della delle dello di dove e è ed era erano essere fa gli
        ha hanno il in io la le lei li lo loro lui ma mi molto ne negli nei nel nella nelle noi non
        nostro o ogni per perché più poi quale quando quella quelle quello questa queste questi
        questo se sei si sia siamo sono sta stato su sua sue sui sul sulla suo suoi tra tutti
        tutto un una uno vi""",
    "pt": """a à ao aos as às até com como da das de dela dele deles depois do dos e é ela elas ele
        eles em entre era eram essa esse esta está estão este eu foi foram há isso isto já lhe
        mais mas me mesmo meu minha muito na nas não nem no nos nós o os ou para pela pelas pelo
        pelos por qual quando que quem se sem ser seu seus só sua suas também te tem têm um uma
        umas uns você""",
    "nl": """aan al alle als bij dan dat de den der deze die dit doch door dus een en er geen had heb
        hebben heeft hem het hier hij hoe hun ik in is ja je kan kon maar me meer men met mij mijn
        na naar niet niets nog nu of om omdat ons ook op over te tegen toch tot u uit van veel voor
        want was wat we wel werd wie wij wil worden zal ze zei zich zij zijn zo zou""",
    "sv": """alla allt att av blev bli blir de dem den denna deras dess det detta dig din du där efter
        ej eller en er ett från för ha hade han hans har hon honom hur här i icke ingen inom inte
        jag ju kan kunde man med mellan men mig min mot mycket ni nu när och om oss på samma sedan
        sig sin sina sitt själv skulle som så till under upp ut utan vad var vara varit vi vid
        vilka vilken är än över""",
    "da_no": """af alle at blev blir bare da de dem den denne der deres det dette dig din du efter eller
        en er et for fra ham han hans har havde hende hun hvad hvis hvor i ikke ind jeg jo kan
        kunne man med meget men mig min mod når og om op os på sig sin sine skal skulle som så til
        ud under var være været vi vil ville ved også ble eg fikk hadde ikkje kva noe nå seg vart""",
    "pl": """a aby ale bardzo bez bo być był była było byli co czy dla do gdy go i ich im jak jako jego
        jej jest jeszcze już każdy kiedy która które który ma może na nad nie nich nim o od oraz
        po pod przez przy się są także tak tam te tego tej ten to tu tylko w we więc z za ze że
        żeby""",
    "cs_sk": """a aby ale ani asi až bez by byl byla byli bylo být co či do i jak jako je jeho jej její
        jen ještě jsem jsme jsou již k kde když která které který kteří mezi mu na nad nebo není
        o od po pod podle pro proti před při s se si sice tak také tam ten to tu už v ve však z za
        ze že je sa na vo zo aj ako ale len že""",
    "ro": """a acest această acești al ale am ar are au avea ca care ce cu cum dacă de din după el ea
        ei este fi fost iar în într la le lor mai ne nu o pe pentru prin sa să se si și sub sunt
        un una unei unui va""",
    "tr": """acaba ama ancak bazı belki ben bile bir biri birkaç bu bunu da daha de değil diye en
        gibi hem hep her için ile ise kadar ki kim mi mu mü nasıl ne neden o olan olarak olduğu
        onu şey şu ve veya ya yani""",
    "ru": """а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
        для до его ее если есть еще же за здесь и из или им их к как ко когда кто ли либо мне может
        мы на над надо наш не него нее нет ни них но ну о об однако он она они оно от очень по под
        при с со так также такой там те тем то того тоже той только том ты у уже чем что чтобы эта
        эти это я""",
    "id_ms": """ada adalah akan aku anda apa atau bagi bahwa bisa dalam dan dari dengan di dia ini itu
        juga kami kamu karena ke kita mereka oleh pada saat saya sebagai sudah telah tersebut
        untuk yang""",
}

STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _LISTS.items()}

# Word -> the languages whose list holds it (in the order of the lists), so that counting a page's
# stopwords costs one lookup per word, not one per language.
LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in STOPWORDS.items():
    for _w in sorted(_words):
        LANGUAGES_OF[_w] = LANGUAGES_OF.get(_w, ()) + (_lang,)
