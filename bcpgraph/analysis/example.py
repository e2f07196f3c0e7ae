"""A tiny profile for examples and tests: :func:`example_graph`."""

from __future__ import annotations

from rdflib import Graph

__all__ = ["example_graph"]

_EXAMPLE = """\
@prefix bcp: <https://w3id.org/bcpgraph/def/> .
@prefix comp: <https://w3id.org/bcpgraph/id/competentie/> .
@prefix kennis: <https://w3id.org/bcpgraph/id/kennis/> .
@prefix vaardigheid: <https://w3id.org/bcpgraph/id/vaardigheid/> .
@prefix functie: <https://w3id.org/bcpgraph/id/functie/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/bcpgraph/id/bcp/voorbeeld/> .

<https://w3id.org/bcpgraph/id/bcp/voorbeeld> a bcp:Profile ;
    skos:prefLabel "Beroepscompetentieprofiel Agent"@nl ;
    bcp:occupation functie:agent ; bcp:coreTask <kerntaak/1> , <kerntaak/2> .
<kerntaak/1> a bcp:CoreTask ; skos:notation "1" ; skos:prefLabel "Onderhoudt relaties"@nl ;
    bcp:workProcess <werkproces/1.1> , <werkproces/1.2> .
<kerntaak/2> a bcp:CoreTask ; skos:notation "2" ; skos:prefLabel "Verkoopt"@nl ;
    bcp:workProcess <werkproces/2.1> .
<werkproces/1.1> a bcp:WorkProcess ; skos:notation "1.1" ;
    skos:prefLabel "Handelt klantvragen af"@nl , "Handles customer questions"@en ;
    bcp:competency comp:op-de-behoeften-en-verwachtingen-van-de-klant-richten ,
        comp:kwaliteit-leveren ;
    bcp:knowledge kennis:producten-en-diensten-van-de-organisatie ;
    bcp:skill vaardigheid:gesprekstechnieken .
<werkproces/1.2> a bcp:WorkProcess ; skos:notation "1.2" ;
    skos:prefLabel "Beantwoordt e-mails"@nl , "Answers e-mails"@en ;
    bcp:competency comp:op-de-behoeften-en-verwachtingen-van-de-klant-richten ,
        comp:formuleren-en-rapporteren ;
    bcp:knowledge kennis:producten-en-diensten-van-de-organisatie .
<werkproces/2.1> a bcp:WorkProcess ; skos:notation "2.1" ;
    skos:prefLabel "Voert het verkoopgesprek"@nl , "Conducts the sales conversation"@en ;
    bcp:competency comp:ondernemend-en-commercieel-handelen ;
    bcp:skill vaardigheid:gesprekstechnieken .

comp:formuleren-en-rapporteren a bcp:Competency ; skos:notation "10" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Formuleren en rapporteren"@nl , "Formulating and reporting"@en .
comp:op-de-behoeften-en-verwachtingen-van-de-klant-richten a bcp:Competency ; skos:notation "18" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Op de behoeften en verwachtingen van de \\"klant\\" richten"@nl ,
        "Focusing on customer needs and expectations"@en .
comp:kwaliteit-leveren a bcp:Competency ; skos:notation "19" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Kwaliteit leveren"@nl , "Delivering quality"@en .
comp:instructies-en-procedures-opvolgen a bcp:Competency ; skos:notation "20" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Instructies en procedures opvolgen"@nl ,
        "Following instructions and procedures"@en .
comp:ondernemend-en-commercieel-handelen a bcp:Competency ; skos:notation "24" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Ondernemend en commercieel handelen"@nl ,
        "Entrepreneurial and commercial thinking"@en .
kennis:producten-en-diensten-van-de-organisatie a bcp:KnowledgeItem ;
    skos:prefLabel "producten en diensten van de organisatie"@nl .
vaardigheid:gesprekstechnieken a bcp:Skill ; skos:prefLabel "gesprekstechnieken"@nl .

functie:agent a bcp:Occupation ; skos:prefLabel "agent"@nl , "agent"@en .
functie:teamleider a bcp:Role ; skos:prefLabel "teamleider"@nl , "team leader"@en .
functie:manager a bcp:Role ; skos:prefLabel "manager"@nl , "manager"@en .
<loopbaanstap/1> a bcp:CareerTransition ; schema:position 1 ;
    bcp:fromRole functie:agent ; bcp:toRole functie:teamleider ;
    bcp:careerDirection bcp:verticalWithin .
<loopbaanstap/2> a bcp:CareerTransition ; schema:position 2 ;
    bcp:fromRole functie:teamleider ; bcp:toRole functie:manager ;
    bcp:careerDirection bcp:verticalWithin .
<loopbaanstap/3> a bcp:CareerTransition ; schema:position 3 ;
    skos:prefLabel "Horizontaal: andere projecten"@nl , "Horizontal: other projects"@en ;
    bcp:fromRole functie:agent ; bcp:careerDirection bcp:horizontalWithin .
<loopbaanstap/4> a bcp:CareerTransition , bcp:Interpretation ; schema:position 4 ;
    bcp:fromRole functie:agent ; bcp:toRole functie:manager ;
    bcp:careerDirection bcp:outside .
bcp:verticalWithin skos:prefLabel "verticaal binnen het contactcenter"@nl ,
    "vertical, within the contact centre"@en .
bcp:outside skos:prefLabel "buiten het contactcenter"@nl , "outside the contact centre"@en .
"""


def example_graph() -> Graph:
    """A tiny profile for examples and tests: 3 werkprocessen, 5 competencies, 3 roles.

    Werkproces 1.1 needs competencies 18 and 19, 1.2 needs 18 and 10, 2.1 needs 24 (20 is in
    the scheme but unused). Careers: agent -> teamleider -> manager (stated), agent -> manager
    (an interpretation), and one step naming no role.

    >>> len(example_graph()) > 50
    True
    """
    return Graph().parse(data=_EXAMPLE, format="turtle")
