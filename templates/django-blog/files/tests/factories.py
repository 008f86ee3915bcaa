"""factory_boy factories. Models are named by label so the tests stay decoupled from paths."""

import factory
from django.utils import timezone

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Category"

    name = factory.Sequence(lambda n: f"Category {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Tag"

    name = factory.Sequence(lambda n: f"tag-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Post"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    author = factory.SubFactory(UserFactory)
    category = factory.SubFactory(CategoryFactory)
    body = factory.Faker("paragraph", nb_sentences=5)
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status="draft", published_at=None)

    @factory.post_generation
    def tags(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.tags.add(*extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Comment"

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("sentence")
    is_approved = True
