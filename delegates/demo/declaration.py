"""The joint Ministerial declaration, in the four languages, open for signature at its adoption.

The text follows what the press release says the declaration does; it is the
demo's wording, not the official text. Signatures are left to the protocol officer.
"""
from __future__ import annotations

from delegates.declaration.models import Declaration, DeclarationText
from delegates.demo.event import rome
from delegates.extensions import db
from delegates.registration.models import Event

TITLES = {
    "en": "Joint Ministerial Declaration",
    "fr": "Déclaration ministérielle commune",
    "es": "Declaración Ministerial Conjunta",
    "ar": "الإعلان الوزاري المشترك",
}

BODIES = {
    "en": """We, the Ministers of Justice, Home Affairs and Security of the member countries of INTERPOL, meeting in Rome on 5 November 2012 at the opening of the 81st session of the INTERPOL General Assembly under the theme 'Challenges for Police Facing Contemporary Violence',

Noting that the global intensity, speed and frequency of today's criminal violence are unprecedented, that an estimated 500,000 people die every year as a result of lethal violence, and that nine out of ten of these deaths result from crime and terrorism, not conflicts;

Recognizing that an extremely violent event in one country can easily and quickly be felt in other countries, and that criminals are not limited by national jurisdictions while States are;

Call on all member countries to develop a common approach to effectively respond to the new challenges facing police worldwide, through a course of action which can be adapted to the unique security situations of cities, nations and regions;

Undertake to support this approach with greater shared intelligence and increased use of INTERPOL's global tools and services, so that all police officers have access to them;

Invite the international community to help INTERPOL expand its operations and to strengthen the capacity and infrastructure of national police services, so that they are always connected in real time with each other.""",  # noqa: E501
    "fr": """Nous, ministres de la Justice, de l'Intérieur et de la Sécurité des pays membres d'INTERPOL, réunis à Rome le 5 novembre 2012 à l'ouverture de la 81e session de l'Assemblée générale d'INTERPOL sur le thème « Les défis de la police face à la violence contemporaine »,

Constatant que l'intensité, la rapidité et la fréquence de la violence criminelle actuelle sont sans précédent à l'échelle mondiale, que quelque 500 000 personnes meurent chaque année de violences mortelles et que neuf de ces décès sur dix résultent de la criminalité et du terrorisme, et non de conflits ;

Reconnaissant qu'un événement d'une extrême violence survenu dans un pays peut se faire sentir facilement et rapidement dans d'autres pays, et que les criminels ne sont pas limités par les juridictions nationales, contrairement aux États ;

Appelons tous les pays membres à élaborer une approche commune afin de répondre efficacement aux nouveaux défis auxquels la police est confrontée dans le monde entier, au moyen d'une ligne d'action pouvant être adaptée à la situation particulière des villes, des pays et des régions en matière de sécurité ;

Nous engageons à soutenir cette approche par un partage accru du renseignement et une utilisation plus large des outils et services mondiaux d'INTERPOL, afin que tous les policiers puissent y avoir accès ;

Invitons la communauté internationale à aider INTERPOL à étendre ses activités et à renforcer les capacités et les infrastructures des services de police nationaux, afin qu'ils soient toujours connectés entre eux en temps réel.""",  # noqa: E501
    "es": """Nosotros, los ministros de Justicia, Interior y Seguridad de los países miembros de INTERPOL, reunidos en Roma el 5 de noviembre de 2012 con ocasión de la apertura de la 81ª reunión de la Asamblea General de INTERPOL, bajo el lema «Los desafíos de la policía ante la violencia contemporánea»,

Observando que la intensidad, la rapidez y la frecuencia de la violencia delictiva actual no tienen precedentes a escala mundial, que se calcula que cada año mueren 500.000 personas como consecuencia de la violencia letal y que nueve de cada diez de esas muertes se deben a la delincuencia y al terrorismo, y no a conflictos;

Reconociendo que un suceso extremadamente violento en un país puede repercutir con facilidad y rapidez en otros países, y que los delincuentes no están limitados por las jurisdicciones nacionales, a diferencia de los Estados;

Hacemos un llamamiento a todos los países miembros para que elaboren un enfoque común que permita responder eficazmente a los nuevos desafíos a los que se enfrenta la policía en todo el mundo, mediante una línea de actuación que pueda adaptarse a la situación de seguridad particular de cada ciudad, país y región;

Nos comprometemos a respaldar este enfoque con un mayor intercambio de inteligencia y un mayor uso de las herramientas y servicios mundiales de INTERPOL, de modo que todos los agentes de policía tengan acceso a ellos;

Invitamos a la comunidad internacional a ayudar a INTERPOL a ampliar sus operaciones y a reforzar la capacidad y la infraestructura de los servicios de policía nacionales, para que estén siempre conectados entre sí en tiempo real.""",  # noqa: E501
    "ar": """نحن، وزراء العدل والداخلية والأمن في البلدان الأعضاء في الإنتربول، المجتمعين في روما في 5 تشرين الثاني/نوفمبر 2012 لدى افتتاح الدورة الحادية والثمانين للجمعية العامة للإنتربول تحت شعار «تحديات الشرطة في مواجهة العنف المعاصر»،

إذ نلاحظ أن حدة العنف الإجرامي اليوم وسرعته وتواتره على الصعيد العالمي أمور غير مسبوقة، وأن نحو 500000 شخص يلقون حتفهم كل عام نتيجة العنف المميت، وأن تسعًا من كل عشر من هذه الوفيات ناجمة عن الجريمة والإرهاب لا عن النزاعات،

وإذ ندرك أن حدثًا بالغ العنف في بلد ما يمكن أن تمتد آثاره بسهولة وسرعة إلى بلدان أخرى، وأن المجرمين لا تقيدهم الولايات القضائية الوطنية بخلاف الدول،

ندعو جميع البلدان الأعضاء إلى وضع نهج مشترك للتصدي بفعالية للتحديات الجديدة التي تواجهها الشرطة في جميع أنحاء العالم، من خلال مسار عمل يمكن تكييفه مع الأوضاع الأمنية الخاصة بالمدن والبلدان والمناطق،

ونتعهد بدعم هذا النهج بمزيد من تبادل المعلومات الاستخباراتية وزيادة استخدام أدوات الإنتربول وخدماته العالمية، بحيث يتاح لجميع أفراد الشرطة الوصول إليها،

وندعو المجتمع الدولي إلى مساعدة الإنتربول على توسيع نطاق عملياته وتعزيز قدرات أجهزة الشرطة الوطنية وبنيتها التحتية، لكي تظل على اتصال دائم فيما بينها في الوقت الحقيقي.""",  # noqa: E501
}


def add_declaration(event: Event) -> Declaration:
    declaration = Declaration(
        event_id=event.id,
        code="rome-2012",
        title=TITLES["en"],
        current_version=1,
        opens_at=rome(5, 17, 30),
        closes_at=rome(8, 16, 30),
        created_at=rome(1, 10, 0),
        texts=[DeclarationText(language=lang, version=1, title=TITLES[lang], body=BODIES[lang],
                               created_at=rome(1, 10, 0)) for lang in ("en", "fr", "es", "ar")],
    )
    db.session.add(declaration)
    return declaration
