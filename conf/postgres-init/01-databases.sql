-- extra databases of the docker-compose stack (the aurora database is created by the image)
CREATE DATABASE mlflow OWNER aurora;
CREATE DATABASE airflow OWNER aurora;
