"""`flask esco load DIR` reads ESCO's CSV download as users get it: occupations, skills and their relations, labels
merged per language; a bad file is refused with a message naming it, and nothing is written."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.profiles import esco
from cocreate.profiles.models import EscoConcept, EscoRelation, Profile

from .conftest import UNKNOWN

KITCHEN_PORTER = "http://data.europa.eu/esco/occupation/f756fdab-7726-4c48-bfcc-94ff8810fc08"
TRAM_DRIVER = "http://data.europa.eu/esco/occupation/03e02554-15d1-4697-960c-8909e7d36f7e"
WASH_DISHES = "http://data.europa.eu/esco/skill/c662be22-f17a-4ba0-894f-d720b20c44cf"
CLEAN_SURFACES = "http://data.europa.eu/esco/skill/6ff01827-907d-43d8-b6e4-7162c1cf0aca"

OCCUPATION_HEADER = ("conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
                     "regulatedProfessionNote,scopeNote,definition,inScheme,description,code")
SKILL_HEADER = ("conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,"
                "modifiedDate,scopeNote,definition,inScheme,description")
RELATION_HEADER = "occupationUri,relationType,skillType,skillUri"


def occupation(uri, label, alt=""):
    return (f'Occupation,{uri},9412,{label},"{alt}",,released,2023-12-20T11:58:39.932Z,,,,'
            f'http://data.europa.eu/esco/concept-scheme/occupations,"{label} does the work.",9412.2')


def skill(uri, label):
    return (f'KnowledgeSkillCompetence,{uri},skill/competence,sector-specific,{label},,,released,'
            f'2023-12-20T11:58:39.932Z,,,http://data.europa.eu/esco/concept-scheme/skills,"{label}."')


def write_download(folder, relations=None, languages=("en", "es")):
    names = {"en": {KITCHEN_PORTER: "kitchen porter", TRAM_DRIVER: "tram driver", WASH_DISHES: "wash the dishes",
                    CLEAN_SURFACES: "clean surfaces"},
             "es": {KITCHEN_PORTER: "mozo de cocina", TRAM_DRIVER: "conductor de tranvía",
                    WASH_DISHES: "lavar la vajilla", CLEAN_SURFACES: "limpiar superficies"}}
    folder.mkdir(exist_ok=True)
    for language in languages:
        label = names[language]
        (folder / f"occupations_{language}.csv").write_text("\n".join([
            OCCUPATION_HEADER, occupation(KITCHEN_PORTER, label[KITCHEN_PORTER], "kitchen hand\nKP"),
            occupation(TRAM_DRIVER, label[TRAM_DRIVER])]) + "\n", encoding="utf-8-sig")
        (folder / f"skills_{language}.csv").write_text("\n".join([
            SKILL_HEADER, skill(WASH_DISHES, label[WASH_DISHES]), skill(CLEAN_SURFACES, label[CLEAN_SURFACES])]) + "\n",
            encoding="utf-8")
    rows = relations if relations is not None else [
        f"{KITCHEN_PORTER},essential,skill/competence,{WASH_DISHES}",
        f"{KITCHEN_PORTER},optional,skill/competence,{CLEAN_SURFACES}",
        f"{TRAM_DRIVER},essential,skill/competence,{UNKNOWN}"]
    (folder / "occupationSkillRelations_en.csv").write_text("\n".join([RELATION_HEADER, *rows]) + "\n",
                                                           encoding="utf-8")
    return folder


def test_the_download_loads_concepts_labels_per_language_and_relations(app, runner, tmp_path):
    folder = write_download(tmp_path / "esco")
    result = runner.invoke(args=["esco", "load", str(folder)])
    assert result.exit_code == 0, result.output
    assert "languages: en, es" in result.output
    assert "2 occupations and 2 skills read: 4 added, 0 updated" in result.output
    assert "relations: 2 added, 0 changed, 1 skipped" in result.output
    with app.app_context():
        porter = db.session.scalar(sa.select(EscoConcept).where(EscoConcept.uri == KITCHEN_PORTER))
        assert porter.kind == "occupation" and porter.labels == {"en": "kitchen porter", "es": "mozo de cocina"}
        assert not porter.shipped or KITCHEN_PORTER in esco.subset_uris()
        assert esco.skills_of(KITCHEN_PORTER) == {"essential": [WASH_DISHES], "optional": [CLEAN_SURFACES]}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EscoRelation)) == 2


def test_loading_again_changes_only_what_changed(app, runner, tmp_path):
    folder = write_download(tmp_path / "esco")
    assert runner.invoke(args=["esco", "load", str(folder)]).exit_code == 0
    write_download(folder, relations=[f"{KITCHEN_PORTER},optional,skill/competence,{WASH_DISHES}"])
    result = runner.invoke(args=["esco", "load", str(folder)])
    assert "4 added" not in result.output and "0 added, 0 updated" in result.output
    assert "relations: 0 added, 1 changed, 0 skipped" in result.output
    with app.app_context():
        assert esco.skills_of(KITCHEN_PORTER)["optional"] == sorted([WASH_DISHES, CLEAN_SURFACES])


def test_a_language_loaded_later_adds_its_labels(app, runner, tmp_path):
    assert runner.invoke(args=["esco", "load", str(write_download(tmp_path / "en", languages=("en",)))]).exit_code == 0
    result = runner.invoke(args=["esco", "load", str(write_download(tmp_path / "es", languages=("es",)))])
    assert "0 added, 4 updated" in result.output, result.output
    with app.app_context():
        tram = db.session.scalar(sa.select(EscoConcept).where(EscoConcept.uri == TRAM_DRIVER))
        assert tram.labels == {"en": "tram driver", "es": "conductor de tranvía"}


def test_a_file_without_escos_columns_is_refused_and_nothing_is_written(app, runner, tmp_path):
    folder = write_download(tmp_path / "esco")
    (folder / "skills_es.csv").write_text("uri,label\nhttp://example.org/x,something\n", encoding="utf-8")
    result = runner.invoke(args=["esco", "load", str(folder)])
    assert result.exit_code == 1
    assert "skills_es.csv: no column conceptUri, preferredLabel" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EscoConcept)) == 0


def test_a_bad_relation_type_is_refused_with_its_line(app, runner, tmp_path):
    folder = write_download(tmp_path / "esco", relations=[f"{KITCHEN_PORTER},sometimes,skill/competence,{WASH_DISHES}"])
    result = runner.invoke(args=["esco", "load", str(folder)])
    assert result.exit_code == 1
    assert "occupationSkillRelations_en.csv, line 2: relationType 'sometimes'" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EscoConcept)) == 0


def test_a_folder_without_an_esco_download_is_refused(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    result = runner.invoke(args=["esco", "load", str(tmp_path)])
    assert result.exit_code == 1 and "no occupations_xx.csv or skills_xx.csv" in result.output


def test_a_file_that_is_not_utf8_is_refused(runner, tmp_path):
    folder = write_download(tmp_path / "esco", languages=("en",))
    (folder / "skills_en.csv").write_bytes(SKILL_HEADER.encode() + b"\n" + "caf\u00e9".encode("latin-1"))
    result = runner.invoke(args=["esco", "load", str(folder)])
    assert result.exit_code == 1 and "skills_en.csv: not UTF-8 text" in result.output


def test_the_subset_command_loads_the_shipped_subset(app, runner):
    result = runner.invoke(args=["esco", "load-subset"])
    assert result.exit_code == 0, result.output
    total = len(esco.subset_uris())
    assert f"ESCO subset: {total} concepts added, 0 updated" in result.output
    assert "0 concepts added" in runner.invoke(args=["esco", "load-subset"]).output


def test_loading_the_taxonomy_clears_the_flags_of_uris_it_now_holds(app, runner, tmp_path, make_project):
    from cocreate.profiles import services
    from cocreate.projects.services import get_project_by_slug

    slug = make_project("flags", sites=())
    with app.app_context():
        profile = services.add_profile(get_project_by_slug(slug), {"skills": [WASH_DISHES]}, actor=None)
        db.session.commit()
        assert profile.unknown_uris == [WASH_DISHES]
        profile_id = profile.id
    result = runner.invoke(args=["esco", "load", str(write_download(tmp_path / "esco"))])
    assert "unknown URIs changed: 1" in result.output
    with app.app_context():
        assert db.session.get(Profile, profile_id).unknown_uris == []
